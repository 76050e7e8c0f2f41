import fc from "fast-check";
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

// The short paths (a first character NFKC keeps, too few digits for a phone, no surrogate) against the
// rules written out in full, on text made of the pieces that matter.
describe("safeCell's short paths", () => {
  const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;
  const PHONE =
    /(?<![\w.])(?:\+?86[ -]?|0086[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![\w.])/g;
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const fullMask = (text: string) =>
    text.replace(EMAIL, "$1***@$2").replace(PHONE, (m) => `${m.slice(0, 3)}****${m.slice(-2)}`);
  const fullDanger = (text: string) => {
    const c = text.normalize("NFKC").charCodeAt(0);
    if (Number.isNaN(c)) return false;
    return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c < 0x20 || (c >= 0x7f && c <= 0x9f);
  };
  const pieces = [
    ..."0123456789 -+=@.a客户\u0301\u0338\u3000\t\u0085＝",
    ..."\uD800\uDC00".split(""),
    ...["138", "0013", "8000", "010", "6552", "9988", "+86", "0086", "qq.com", "x@y.cn", "有限公司"],
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((p) => p.join(""));

  it("mask, neutralise and replace lone surrogates as the full rules do", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(maskContacts(t), t).toBe(fullMask(t));
        expect(isDangerousText(t), t).toBe(fullDanger(t));
        const whole = t.replace(LONE, "\uFFFD");
        expect(safeCell(t, plain), t).toBe(fullDanger(whole) ? `'${whole}` : whole);
      }),
      { numRuns: 20_000 },
    );
  });
});
