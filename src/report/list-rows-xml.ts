// The data rows of a list sheet as SpreadsheetML, written straight into the worksheet's part of the zip.
// exceljs's streaming writer builds a Row, a Cell per value, a model and a style lookup per cell and an
// XmlStream per row before it has a string to write: at L (11 M cells) that, and the garbage it leaves,
// was the most of the report's main thread. The rows here are the same bytes exceljs writes for them (its
// own writer is the reference in test/unit/report/list-rows-xml.test.ts); the header, the sheet around
// the rows, the styles and the zip stay exceljs's.
import type ExcelJS from "exceljs";
import { colLetter } from "./format.js";
import type { CellValue } from "./safe-cell.js";

/** exceljs's cell value types (Enums.ValueType) of the values a list holds: the style lookup depends on it. */
const VALUE_TYPE = { null: 0, number: 2, string: 3, date: 4 } as const;

/** What of exceljs's streaming writer the rows need (exceljs 4.x internals, checked when first used). */
interface StyleRegistry {
  addStyleModel(style: Partial<ExcelJS.Style>, valueType: number): number;
}
interface SheetStream {
  write(chunk: string): unknown;
}

function internals(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ws: ExcelJS.Worksheet,
): { styles: StyleRegistry; stream: SheetStream } {
  const styles = (wb as unknown as { styles?: Partial<StyleRegistry> }).styles;
  const sheet = ws as unknown as { stream?: Partial<SheetStream>; startedData?: boolean };
  if (
    typeof styles?.addStyleModel !== "function" ||
    typeof sheet.stream?.write !== "function" ||
    !sheet.startedData
  )
    throw new Error(
      "report: this exceljs does not have the streaming writer's internals the list rows are written with " +
        "(workbook styles.addStyleModel, worksheet stream, a committed header row); see src/report/list-rows-xml.ts",
    );
  return { styles: styles as StyleRegistry, stream: sheet.stream as SheetStream };
}

// exceljs's xmlEncode: the five XML specials escaped, DEL and the C0 controls XML 1.0 forbids dropped.
// eslint-disable-next-line no-control-regex -- the controls are what it finds
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/;
const XML_SPECIAL_ALL = new RegExp(XML_SPECIAL.source, "g");
const ENTITY: Record<string, string> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "'": "&apos;",
  '"': "&quot;",
};
const entity = (ch: string) => ENTITY[ch] ?? "";
export const xmlText = (s: string): string => (XML_SPECIAL.test(s) ? s.replace(XML_SPECIAL_ALL, entity) : s);

/** Excel's serial day number of a date (exceljs's dateToExcel, 1900 date system). */
const excelDate = (d: Date) => 25569 + d.getTime() / 86_400_000;

/**
 * Writes a list's data rows after its header: one per call of `write`, numbered on from the header's row.
 * Each column has one style object (as exceljs's cells would share it), registered with exceljs at the
 * column's first written cell, with that cell's value type: exceljs keeps a style object's first id.
 */
export class ListRowsXml {
  private readonly letters: string[];
  private readonly ids: (number | undefined)[];

  constructor(
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly styles: readonly Partial<ExcelJS.Style>[],
  ) {
    this.letters = styles.map((_, i) => colLetter(i + 1));
    this.ids = styles.map(() => undefined);
  }

  /**
   * Writes `rows` into `ws` (whose header row is committed) as its rows `first`, `first + 1`, …; a row
   * of nothing but nulls is left out, as exceljs leaves it. Returns the number of the next row.
   */
  write(ws: ExcelJS.Worksheet, rows: readonly (readonly CellValue[])[], first: number): number {
    const { styles, stream } = internals(this.wb, ws);
    const n = this.styles.length;
    const spans = ` spans="1:${n}" x14ac:dyDescent="0.25">`;
    let xml = "";
    let r = first;
    for (const values of rows) {
      if (values.length !== n)
        throw new Error(`report: a list row has ${values.length} values for ${n} columns`);
      let blank = true;
      for (let i = 0; i < n && blank; i++) blank = values[i] === null;
      if (blank) {
        r++;
        continue;
      }
      let cells = "";
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        const type =
          v === null
            ? VALUE_TYPE.null
            : typeof v === "string"
              ? VALUE_TYPE.string
              : typeof v === "number"
                ? VALUE_TYPE.number
                : VALUE_TYPE.date;
        let id = this.ids[i];
        if (id === undefined) id = this.ids[i] = styles.addStyleModel(this.styles[i]!, type);
        const head = id ? `<c r="${this.letters[i]}${r}" s="${id}"` : `<c r="${this.letters[i]}${r}"`;
        if (v === null) {
          if (id) cells += `${head}/>`;
          continue;
        }
        if (typeof v === "string") cells += `${head} t="str"><v>${xmlText(v)}</v></c>`;
        else cells += `${head}><v>${typeof v === "number" ? v : excelDate(v)}</v></c>`;
      }
      xml += `<row r="${r++}"${spans}${cells}</row>`;
    }
    if (xml) stream.write(xml);
    return r;
  }
}
