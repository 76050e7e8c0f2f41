import { describe, expect, it } from "vitest";
import { isDangerousText, maskContacts, safeCell } from "../../../src/report/safe-cell.js";

const plain = { maskContacts: false };

describe("safeCell", () => {
  it.each([
    "=1+1",
    "+cmd",
    "-2",
    "@x",
    "\tfoo",
    "\rfoo",
    "\nfoo",
    "＝1+1",
    "＋1",
    "﹦SUM(A1)",
    '=HYPERLINK("x")',
  ])("neutralises %j with a leading quote", (text) => {
    expect(isDangerousText(text)).toBe(true);
    expect(safeCell(text, plain)).toBe(`'${text}`);
  });

  it.each(["钻石", "ACME 有限公司", "a=b", "1+1", "", "'quoted"])("leaves %j alone", (text) => {
    expect(safeCell(text, plain)).toBe(text);
  });

  it("leaves numbers and dates untouched, drops what Excel cannot store", () => {
    expect(safeCell(-2, plain)).toBe(-2);
    expect(safeCell(0, plain)).toBe(0);
    const d = new Date("2025-10-01T00:00:00Z");
    expect(safeCell(d, plain)).toBe(d);
    expect(safeCell(Number.NaN, plain)).toBeNull();
    expect(safeCell(Number.POSITIVE_INFINITY, plain)).toBeNull();
    expect(safeCell(null, plain)).toBeNull();
    expect(safeCell(new Date(Number.NaN), plain)).toBeNull();
  });

  it("replaces lone surrogates and truncates to Excel's cell limit", () => {
    expect(safeCell("a\uD800b", plain)).toBe("a\uFFFDb");
    const long = safeCell("x".repeat(40_000), plain) as string;
    expect(long.length).toBe(32_767);
  });

  it("masks phones and e-mails when asked, and still neutralises", () => {
    expect(maskContacts("call 13812345678 or mail zhang.san@example.com")).toBe(
      "call 138****78 or mail z***@example.com",
    );
    expect(safeCell("+86 138-1234-5678", { maskContacts: true })).toBe("'+86****78");
    expect(safeCell("13812345678", { maskContacts: false })).toBe("13812345678");
  });
});
