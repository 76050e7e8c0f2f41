// Phones, emails and regions in the generated sources: every variant format is a real value a phone library
// and a plain address check accept, and exactly the flagged ones are not.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { PROVINCES } from "../../../src/demo/data/regions.js";
import { dataset } from "./fixture.js";

const d = dataset(5000);
const rows = [
  ...d.erpCustomers.map((c) => ({ key: `erp:${c.id}`, phone: c.phone, email: c.email, region: c.region })),
  ...d.crmCustomers.map((c) => ({
    key: `crm:${c.cust_no}`,
    phone: c.mobile,
    email: c.email,
    region: c.province,
  })),
];
const flagged = (flag: string) =>
  new Set(d.flags.filter((f) => f.flag === flag).map((f) => `${f.source}:${f.source_key}`));

function phoneValid(text: string): boolean {
  return parsePhoneNumberFromString(text.normalize("NFKC").trim(), "CN")?.isValid() ?? false;
}

function emailValid(text: string): boolean {
  return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(
    text.normalize("NFKC").trim(),
  );
}

describe("phones", () => {
  const bad = flagged("invalid_phone");
  const phones = rows.filter((r): r is typeof r & { phone: string } => r.phone !== null);

  it("are valid Chinese numbers except exactly the flagged ones", () => {
    expect(
      phones.filter((r) => phoneValid(r.phone) === bad.has(r.key)).map((r) => `${r.key} ${r.phone}`),
    ).toEqual([]);
    expect(bad.size).toBeGreaterThan(0);
    expect(bad.size / phones.length).toBeLessThan(0.01);
  });

  it("come in many formats: +86, 0086, dashes, spaces, full-width digits, landlines with area codes", () => {
    const texts = phones.map((r) => r.phone);
    for (const pattern of [
      /^\+86 1\d{2} /,
      /^0086-1/,
      /^1\d{2}-\d{4}-\d{4}$/,
      /^１/,
      /^0\d{2,3}-\d{7,8}$/,
      /^\(0\d{2,3}\)/,
      /^1\d{10}$/,
    ])
      expect(
        texts.some((t) => pattern.test(t)),
        String(pattern),
      ).toBe(true);
  });
});

describe("emails", () => {
  const bad = flagged("invalid_email");
  const emails = rows.filter((r): r is typeof r & { email: string } => r.email !== null);

  it("are plausible addresses except exactly the flagged ones", () => {
    expect(
      emails.filter((r) => emailValid(r.email) === bad.has(r.key)).map((r) => `${r.key} ${r.email}`),
    ).toEqual([]);
    expect(emails.some((r) => r.email === "n/a" || r.email.endsWith("@"))).toBe(true);
  });

  it("vary in case", () => {
    expect(emails.some((r) => /[A-Z]/.test(r.email) && emailValid(r.email))).toBe(true);
  });
});

describe("regions", () => {
  it("name all 34 provincial divisions in their variant spellings", () => {
    const spellings = new Map<string, string>();
    for (const p of PROVINCES)
      for (const s of [p.full, p.short, p.abbr, p.py, p.py.toUpperCase()]) spellings.set(s, p.code);
    const seen = new Set<string>();
    for (const r of rows) {
      if (r.region === null) continue;
      const code = spellings.get(r.region.trim());
      expect(code, r.region).toBeDefined();
      seen.add(code as string);
    }
    expect(seen.size).toBe(34);
    for (const variant of ["广东省", "广东", "粤", "北京市", "北京", "京", "上海", "沪"])
      expect(
        rows.some((r) => r.region === variant),
        variant,
      ).toBe(true);
  });
});
