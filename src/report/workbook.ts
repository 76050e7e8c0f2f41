// Writes a report model to .xlsx with exceljs's streaming writer, one sheet at a time; lists are pulled
// row by row from an async source and continue on a new sheet past Excel's row limit.
import ExcelJS from "exceljs";
import { colLetter, sheetName } from "./format.js";
import { ListRowsXml } from "./list-rows-xml.js";
import type { Block, BlockSheet, CellKind, ListSheet, ListSource, ReportModel } from "./model.js";
import { safeCell, type CellValue, type SafeCellOptions } from "./safe-cell.js";
import { zipDrained } from "./zip-backpressure.js";

/** Rows per worksheet in Excel (header included). */
export const EXCEL_MAX_ROWS = 1_048_576;

const NUM_FMT: Partial<Record<CellKind, string>> = {
  int: "#,##0",
  money: '"¥"#,##0.00',
  percent: "0.0%",
  score: "0.00",
  decimal: "0.0000",
  datetime: "yyyy-mm-dd hh:mm:ss",
};
const HEADER: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: "FF1F2937" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE6F1" } },
  alignment: { vertical: "middle", wrapText: true },
  border: { bottom: { style: "thin", color: { argb: "FF8EA9C1" } } },
};

function styleOf(kind: CellKind): Partial<ExcelJS.Style> {
  if (kind === "bar") return { alignment: { horizontal: "center" }, font: { color: { argb: "FF2F5597" } } };
  const numFmt = NUM_FMT[kind];
  return numFmt ? { numFmt } : {};
}

export interface WriteOptions extends SafeCellOptions {
  /** Rows per list sheet, header included (tests lower it to see the continuation). */
  maxRowsPerSheet?: number;
}

/**
 * Opens the rows of one streamed list, in batches (an await per batch, not per row). The batches are handed
 * over: the writer makes their values safe in place.
 */
export type ListRows = (source: ListSource) => AsyncIterable<CellValue[][]>;

export async function writeWorkbook(
  filePath: string,
  model: ReportModel,
  openList: ListRows,
  opts: WriteOptions,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: filePath,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = "retier";
  wb.title = model.title;
  wb.created = model.createdAt;
  wb.modified = model.createdAt;
  const safe = (v: CellValue) => safeCell(v, opts);
  const taken = new Set(model.sheets.map((s) => s.name.toLowerCase()));
  const max = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  // Each list is opened one sheet ahead: its query sorts in the warehouse while the sheet before it is
  // written, instead of the writer waiting for its first rows.
  const lists = model.sheets.filter((s): s is ListSheet => s.kind === "list");
  const opened = new Map<ListSheet, Primed<CellValue[][]>>();
  const open = (sheet: ListSheet): Primed<CellValue[][]> => {
    let rows = opened.get(sheet);
    if (!rows) opened.set(sheet, (rows = primed(openList(sheet.source))));
    return rows;
  };
  try {
    if (lists[0]) open(lists[0]);
    for (const sheet of model.sheets) {
      if (sheet.kind === "blocks")
        writeBlockSheet(wb, sheet, model.sheets[0] === sheet ? model.title : null, safe);
      else {
        const rows = open(sheet);
        const next = lists[lists.indexOf(sheet) + 1];
        if (next) open(next);
        await writeListSheet(wb, sheet, rows, { safe, max, taken });
      }
    }
  } finally {
    // A list opened ahead but never written (the workbook failed first) gives its connection back.
    await Promise.all([...opened.values()].map((p) => p.close()));
  }
  await wb.commit();
}

interface Primed<T> extends AsyncIterable<T> {
  /** Ends the iteration unless it was read; an error it met unread is dropped with it. */
  close(): Promise<void>;
}

/** Starts iterating `source` now, keeping the first step for whoever reads it. */
function primed<T>(source: AsyncIterable<T>): Primed<T> {
  const it = source[Symbol.asyncIterator]();
  const first = it.next();
  first.catch(() => {}); // seen by the reader; until then not an unhandled rejection
  let read = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (read) return it.next();
        read = true;
        return first;
      },
      return: async () => (await it.return?.()) ?? { done: true, value: undefined },
    }),
    close: async () => {
      if (read) return;
      read = true;
      await first.catch(() => {});
      await it.return?.();
    },
  };
}

type Safe = (v: CellValue) => CellValue;

function writeBlockSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: BlockSheet,
  title: string | null,
  safe: Safe,
): void {
  const ws = wb.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
  const widths: number[] = [];
  for (const b of sheet.blocks) b.columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 8, c.width)));
  ws.columns = widths.map((width) => ({ width }));
  let r = 1;
  if (title) {
    const row = ws.getRow(r);
    row.getCell(1).value = safe(title);
    row.font = { bold: true, size: 14 };
    row.commit();
    r += 2;
  }
  const single = !title && sheet.blocks.length === 1;
  for (const block of sheet.blocks) {
    r = writeBlock(ws, block, r, safe);
    if (single && block.rows.length)
      ws.autoFilter = {
        from: { row: 1, column: 1 },
        to: { row: 1 + block.rows.length - (block.totalRow ? 1 : 0), column: block.columns.length },
      };
    r += 1;
  }
  ws.commit();
}

/** Writes one block from row `r`, returning the row after it. */
function writeBlock(ws: ExcelJS.Worksheet, block: Block, r: number, safe: Safe): number {
  if (block.title) {
    const row = ws.getRow(r++);
    row.getCell(1).value = safe(block.title);
    row.font = { bold: true, size: 12 };
    row.commit();
  }
  const header = ws.getRow(r++);
  block.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = safe(c.header);
    cell.style = HEADER;
  });
  header.commit();
  const first = r;
  block.rows.forEach((values, k) => {
    const row = ws.getRow(r++);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      const value = safe(v);
      cell.value = value;
      const kind = block.columns[i]?.kind ?? "auto";
      cell.style = styleOf(kind === "auto" && value instanceof Date ? "datetime" : kind);
    });
    if (block.totalRow && k === block.rows.length - 1) row.font = { bold: true };
    row.commit();
  });
  if (block.colorScale && block.rows.length) {
    const lastRow = r - 1 - (block.totalRow ? 1 : 0);
    const lastCol = block.columns.length - (block.totalRow ? 1 : 0);
    if (lastRow >= first && lastCol >= 2)
      ws.addConditionalFormatting({
        ref: `${colLetter(2)}${first}:${colLetter(lastCol)}${lastRow}`,
        rules: [
          {
            type: "colorScale",
            priority: 1,
            cfvo: [{ type: "min" }, { type: "max" }],
            color: [{ argb: "FFFFFFFF" }, { argb: "FF5B9BD5" }],
          },
        ],
      });
  }
  if (block.note) {
    const row = ws.getRow(r++);
    row.getCell(1).value = safe(block.note);
    row.font = { italic: true, color: { argb: "FF6B7280" } };
    row.commit();
  }
  return r;
}

async function writeListSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: ListSheet,
  batches: AsyncIterable<CellValue[][]>,
  { safe, max, taken }: { safe: Safe; max: number; taken: Set<string> },
): Promise<void> {
  const perSheet = Math.max(1, max - 1);
  // One style object per column, shared by its cells: exceljs caches style ids by object identity.
  const rowsXml = new ListRowsXml(
    wb,
    sheet.columns.map((c) => styleOf(c.kind)),
  );
  let part = 1;
  let ws = openListPart(wb, sheet.name, sheet, safe);
  let n = 0;
  for await (const batch of batches) {
    for (let at = 0; at < batch.length;) {
      if (n === perSheet) {
        closeListPart(ws, sheet, n);
        ws = openListPart(wb, sheetName(`${sheet.name} (${++part})`, taken), sheet, safe);
        n = 0;
      }
      const take = batch.slice(at, at + perSheet - n);
      for (const values of take) for (let i = 0; i < values.length; i++) values[i] = safe(values[i]!);
      rowsXml.write(ws, take, n + 2);
      n += take.length;
      at += take.length;
    }
    await zipDrained(ws); // exceljs has no backpressure of its own
  }
  closeListPart(ws, sheet, n);
}

function openListPart(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  sheet: ListSheet,
  safe: Safe,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({ width: c.width, style: styleOf(c.kind) }));
  const header = ws.addRow(sheet.columns.map((c) => safe(c.header)));
  header.eachCell((cell) => (cell.style = HEADER));
  header.commit();
  return ws;
}

function closeListPart(ws: ExcelJS.Worksheet, sheet: ListSheet, n: number): void {
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: n + 1, column: sheet.columns.length } };
  ws.commit();
}
