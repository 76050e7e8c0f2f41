import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListRowsXml, xmlText } from "../../../src/report/list-rows-xml.js";
import type { CellValue } from "../../../src/report/safe-cell.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "retier-rows-xml-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Column styles as the report's lists have them: plain text, number formats, a font.
const styles = (): Partial<ExcelJS.Style>[] => [
  {},
  { numFmt: '"¥"#,##0.00' },
  {},
  { numFmt: "yyyy-mm-dd hh:mm:ss" },
  { font: { color: { argb: "FF2F5597" } } },
  { numFmt: "0.0%" },
];

/** One sheet of rows, written by exceljs's own row writer (`fast` false) or by ListRowsXml; its parts unzipped. */
async function sheetParts(rows: CellValue[][], fast: boolean, name: string) {
  const file = join(dir, `${name}-${fast ? "fast" : "exceljs"}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.created = wb.modified = new Date("2026-01-01T00:00:00Z");
  const ws = wb.addWorksheet("List", { views: [{ state: "frozen", ySplit: 1 }] });
  const cols = styles();
  ws.columns = cols.map(() => ({ width: 12 }));
  const header = ws.addRow(cols.map((_, i) => `h${i}`));
  header.eachCell((cell) => (cell.font = { bold: true }));
  header.commit();
  if (fast) {
    const writer = new ListRowsXml(wb, cols);
    // In two calls, as batches arrive.
    const next = writer.write(ws, rows.slice(0, 3), 2);
    expect(writer.write(ws, rows.slice(3), next)).toBe(rows.length + 2);
  } else
    for (const values of rows) {
      const row = ws.addRow(values);
      for (let i = 0; i < cols.length; i++) row.getCell(i + 1).style = cols[i]!;
      row.commit();
    }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: cols.length } };
  ws.commit();
  await wb.commit();
  const zip = await JSZip.loadAsync(await readFile(file));
  const part = (p: string) => zip.file(p)!.async("string");
  return { sheet: await part("xl/worksheets/sheet1.xml"), styles: await part("xl/styles.xml") };
}

const cell = fc.oneof(
  fc.constant(null),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      "<",
      ">",
      "&",
      "'",
      '"',
      "\x00",
      "\x07",
      "\t",
      "\n",
      "\r",
      "\x1f",
      "\x7f",
      "客",
      "a",
    ),
    maxLength: 8,
  }),
  fc.double(),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.date({ min: new Date("1950-01-01"), max: new Date("2100-01-01") }),
);

describe("list rows written as XML", () => {
  it("are the bytes exceljs writes for the same rows, styles registered alike", async () => {
    const rows: CellValue[][] = [
      [null, null, "first text cell null", null, null, null],
      ["C00000001", 1234.5, "示例客户有限公司 <&> 'q' \"d\"", new Date("2026-09-30T16:00:00Z"), "★★", 0.25],
      [null, null, null, null, null, null], // left out, as exceljs leaves it: the row numbers go on
      ["", -0, "ctl\x00\x08\x0b\x0c\x0e\x1f\x7f tab\tnl\nret\r end", new Date(0), null, -1e21],
      ["x", 5e-324, "y", null, "z", Number.MAX_SAFE_INTEGER],
    ];
    const fast = await sheetParts(rows, true, "fixed");
    const ref = await sheetParts(rows, false, "fixed");
    expect(fast.sheet).toBe(ref.sheet);
    expect(fast.styles).toBe(ref.styles);
    // What a reader sees: the row after the blank one is row 5, its escapes decoded, controls dropped.
    expect(fast.sheet).toContain('<row r="5" spans="1:6"');
    expect(fast.sheet).toContain("&lt;&amp;&gt; &apos;q&apos; &quot;d&quot;");
    expect(fast.sheet).toContain("ctl tab\tnl\nret\r end");
  });

  it("match exceljs for any values a list can hold", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        async (rows) => {
          const name = `p${run++}`;
          const [fast, ref] = await Promise.all([
            sheetParts(rows, true, name),
            sheetParts(rows, false, name),
          ]);
          expect(fast.sheet).toBe(ref.sheet);
          expect(fast.styles).toBe(ref.styles);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuse a row whose values do not match the columns", async () => {
    await expect(sheetParts([["only one"]], true, "short")).rejects.toThrow(
      "a list row has 1 values for 6 columns",
    );
  });

  it("escape text as XML and drop what XML cannot hold", () => {
    expect(xmlText("a<b>&'\"")).toBe("a&lt;b&gt;&amp;&apos;&quot;");
    expect(xmlText("keep\ttab\nnl\rcr, drop\x00\x1f\x7f")).toBe("keep\ttab\nnl\rcr, drop");
    const plain = "no specials 客户";
    expect(xmlText(plain)).toBe(plain);
  });
});
