// Credit codes: the generator's valid codes pass GB 32100 as computed here from the standard's definition,
// and exactly the codes flagged invalid_credit_code fail it.
import { describe, expect, it } from "vitest";
import { corruptUscc, makeUscc } from "../../../src/demo/credit-code.js";
import { dataset } from "./fixture.js";

// GB 32100-2015, written out again independently of src/.
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function gb32100Valid(raw: string): boolean {
  const code = raw.normalize("NFKC").toUpperCase();
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(code.charAt(i));
    if (v < 0) return false;
    sum += v * (WEIGHTS[i] as number);
  }
  const c = 31 - (sum % 31);
  return code.charAt(17) === CHARSET.charAt(c === 31 ? 0 : c);
}

describe("GB 32100 check character", () => {
  it("agrees with published codes", () => {
    // Real registrations: 腾讯科技(深圳)有限公司, 华为技术有限公司, 阿里巴巴(中国)有限公司.
    for (const code of ["9144030071526726XG", "914403001922038216", "91330100716105852F"])
      expect(gb32100Valid(code)).toBe(true);
    expect(gb32100Valid("914403001922038217")).toBe(false);
  });

  it("is right for codes the generator makes, and wrong after corruption", () => {
    for (let n = 0; n < 3000; n++) {
      const code = makeUscc(n % 2 ? "91" : "92", n % 3 ? "440300" : "110108", n * 33_331);
      expect(code).toMatch(/^9[12]\d{6}[0-9A-Z]{10}$/);
      expect(gb32100Valid(code), code).toBe(true);
      expect(gb32100Valid(corruptUscc(code, n)), `${code} corrupted`).toBe(false);
    }
  });
});

describe("credit codes in the generated sources", () => {
  const d = dataset(5000);
  const flagged = new Set(
    d.flags.filter((f) => f.flag === "invalid_credit_code").map((f) => `${f.source}:${f.source_key}`),
  );
  const codes = [
    ...d.erpCustomers.map((c) => ({ key: `erp:${c.id}`, code: c.credit_code })),
    ...d.crmCustomers.map((c) => ({ key: `crm:${c.cust_no}`, code: c.uscc })),
  ].filter((c): c is { key: string; code: string } => c.code !== null);

  it("are valid for most rows and invalid exactly where flagged", () => {
    expect(codes.filter(({ key, code }) => gb32100Valid(code) === flagged.has(key))).toEqual([]);
    const invalid = codes.filter(({ code }) => !gb32100Valid(code)).length;
    expect(invalid).toBeGreaterThan(0);
    expect(invalid / codes.length).toBeLessThan(0.02);
  });

  it("come in the formats clerks type: some lower-case or full-width", () => {
    expect(codes.some(({ code }) => /[a-z]/.test(code))).toBe(true);
    expect(codes.some(({ code }) => /[０-９]/.test(code))).toBe(true);
  });
});
