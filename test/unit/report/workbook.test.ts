import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue, ListSheet, ReportModel } from "../../../src/report/model.js";
import { colLetter } from "../../../src/report/format.js";
import { writeWorkbook } from "../../../src/report/workbook.js";

/** exceljs reads conditional formatting back but does not declare it in its types. */
const colourRules = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] })
    .conditionalFormattings;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "retier-wb-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const model: ReportModel = {
  title: "T",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  summary: {} as ReportModel["summary"],
  sheets: [
    {
      kind: "blocks",
      name: "Summary",
      blocks: [
        {
          title: "Money",
          columns: [
            { header: "k", kind: "text", width: 10 },
            { header: "¥", kind: "money", width: 10 },
            { header: "%", kind: "percent", width: 10 },
          ],
          rows: [["=evil()", 1234.5, 0.25]],
        },
      ],
    },
    {
      kind: "blocks",
      name: "Matrix",
      blocks: [
        {
          title: null,
          columns: [
            { header: "", kind: "text", width: 10 },
            { header: "a", kind: "int", width: 10 },
            { header: "b", kind: "int", width: 10 },
            { header: "total", kind: "int", width: 10 },
          ],
          rows: [
            ["a", 1, 2, 3],
            ["b", 3, 4, 7],
            ["total", 4, 6, 10],
          ],
          totalRow: true,
          colorScale: true,
        },
      ],
    },
    {
      kind: "list",
      name: "List",
      columns: [
        { header: "id", kind: "text", width: 8 },
        { header: "n", kind: "int", width: 8 },
      ],
      source: { kind: "adjustments" },
    },
  ],
};

// Seven rows in batches of three, as a cursor hands them over.
async function* seven(): AsyncGenerator<CellValue[][]> {
  const rows: CellValue[][] = [];
  for (let i = 1; i <= 7; i++) rows.push([i === 2 ? "@SUM(1)" : `c${i}`, i]);
  for (let i = 0; i < rows.length; i += 3) yield rows.slice(i, i + 3);
}

describe("writeWorkbook", () => {
  it("writes formats, frozen headers, filters, a colour scale, and continues long lists on new sheets", async () => {
    const file = join(dir, "t.xlsx");
    await writeWorkbook(file, model, () => seven(), { maskContacts: false, maxRowsPerSheet: 4 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Matrix", "List", "List (2)", "List (3)"]);

    const summary = wb.getWorksheet("Summary")!;
    expect(summary.getRow(1).getCell(1).value).toBe("T");
    const money = summary.getRow(5).getCell(2);
    expect(money.value).toBe(1234.5);
    expect(money.numFmt).toBe('"¥"#,##0.00');
    expect(summary.getRow(5).getCell(3).numFmt).toBe("0.0%");
    expect(summary.getRow(5).getCell(1).value).toBe("'=evil()");
    expect(summary.getRow(5).getCell(1).formula).toBeUndefined();

    const matrix = wb.getWorksheet("Matrix")!;
    expect(colourRules(matrix).map((c) => c.ref)).toEqual([`${colLetter(2)}2:${colLetter(3)}3`]);
    expect(colourRules(matrix)[0]?.rules[0]?.type).toBe("colorScale");

    const parts = ["List", "List (2)", "List (3)"].map((n) => wb.getWorksheet(n)!);
    expect(parts.map((w) => w.actualRowCount)).toEqual([4, 4, 2]);
    for (const w of parts) {
      expect(w.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(w.getRow(1).getCell(1).value).toBe("id");
    }
    expect(parts[0]!.autoFilter).toBe("A1:B4");
    expect(parts[0]!.getRow(3).getCell(1).value).toBe("'@SUM(1)");
    expect(parts[2]!.getRow(2).getCell(1).value).toBe("c7");
  });

  it("opens each list a sheet ahead, and closes one opened ahead when the sheet before it fails", async () => {
    const list = model.sheets[2] as ListSheet;
    const two: ReportModel = {
      ...model,
      sheets: [list, { ...list, name: "Second", source: { kind: "tier", tier: "b" } }],
    };
    const events: string[] = [];
    async function* rows(name: string, fail: boolean): AsyncGenerator<CellValue[][]> {
      events.push(`${name} opened`);
      try {
        yield [[`${name}1`, 1]];
        if (fail) throw new Error(`${name} broke`);
        yield [[`${name}2`, 2]];
      } finally {
        events.push(`${name} closed`);
      }
    }
    const open = (fail: boolean) => (source: { kind: string }) =>
      rows(source.kind === "tier" ? "second" : "first", fail && source.kind !== "tier");

    await writeWorkbook(join(dir, "ahead.xlsx"), two, open(false), { maskContacts: false });
    // The second list's query starts before the first list is written.
    expect(events).toEqual(["first opened", "second opened", "first closed", "second closed"]);

    events.length = 0;
    await expect(
      writeWorkbook(join(dir, "broken.xlsx"), two, open(true), { maskContacts: false }),
    ).rejects.toThrow("first broke");
    expect(events.sort()).toEqual(["first closed", "first opened", "second closed", "second opened"]);
  });

  it("names columns like Excel", () => {
    expect([1, 26, 27, 52, 703].map(colLetter)).toEqual(["A", "Z", "AA", "AZ", "AAA"]);
  });
});
