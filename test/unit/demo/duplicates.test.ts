// Duplicates the dedupe stage must find (same company across and within sources, written differently), and
// the guarantee that makes its score fair: different golden customers never share a strong key.
import { describe, expect, it } from "vitest";
import { dataset } from "./fixture.js";

const d = dataset(5000);
const entityOf = new Map(d.entities.map((e) => [`${e.source}:${e.source_key}`, e.entity_id]));
const rows = [
  ...d.erpCustomers.map((c) => ({
    source: "erp",
    key: c.id,
    name: c.company_name,
    phone: c.phone,
    email: c.email,
    code: c.credit_code,
  })),
  ...d.crmCustomers.map((c) => ({
    source: "crm",
    key: c.cust_no,
    name: c.name,
    phone: c.mobile,
    email: c.email,
    code: c.uscc,
  })),
];
const perSource = new Map<string, number>();
for (const e of d.entities)
  perSource.set(`${e.entity_id}:${e.source}`, (perSource.get(`${e.entity_id}:${e.source}`) ?? 0) + 1);
const bySource = (entity: string, source: string) => perSource.get(`${entity}:${source}`) ?? 0;
const entities = [...new Set(d.entities.map((e) => e.entity_id))];

const digits = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/\D/g, "")
    .replace(/^(0086|86)(?=1\d{10}$)/, "");
const email = (s: string) => s.normalize("NFKC").trim().toLowerCase();
const code = (s: string) => s.normalize("NFKC").toUpperCase();

describe("duplicates", () => {
  it("puts a good share of customers in both sources, and some only in the CRM", () => {
    const both = entities.filter((e) => bySource(e, "erp") > 0 && bySource(e, "crm") > 0).length;
    const crmOnly = entities.filter((e) => bySource(e, "erp") === 0).length;
    expect(both / entities.length).toBeGreaterThan(0.12);
    expect(crmOnly / entities.length).toBeGreaterThan(0.08);
    expect(crmOnly / entities.length).toBeLessThan(0.25);
  });

  it("enters some customers twice within a source under different ids", () => {
    const twiceInErp = entities.filter((e) => bySource(e, "erp") > 1).length;
    expect(twiceInErp / entities.length).toBeGreaterThan(0.02);
    expect(entities.some((e) => bySource(e, "crm") > 1)).toBe(true);
  });

  it("writes a duplicate differently from its original", () => {
    const names = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.name) continue;
      const e = entityOf.get(`${r.source}:${r.key}`) as string;
      if (!names.has(e)) names.set(e, new Set());
      names.get(e)?.add(r.name);
    }
    const multi = [...names.values()].filter((s) => s.size > 1);
    expect(multi.length).toBeGreaterThan(200);
    const all = multi.flatMap((s) => [...s]);
    // Suffix dropped, English rendering, half-width brackets, homophone or region changes all occur.
    expect(all.some((n) => !/公司|Ltd|Limited|Company/i.test(n))).toBe(true);
    expect(all.some((n) => /Co\., ?Ltd|Limited/.test(n))).toBe(true);
    expect(all.some((n) => /\(/.test(n))).toBe(true);
  });

  it("leaves most duplicates with at least one shared strong key (credit code, mobile, email)", () => {
    const keys = new Map<string, Set<string>[]>();
    for (const r of rows) {
      const e = entityOf.get(`${r.source}:${r.key}`) as string;
      const k = new Set<string>();
      if (r.code) k.add(`c:${code(r.code)}`);
      if (r.phone) k.add(`p:${digits(r.phone)}`);
      if (r.email) k.add(`e:${email(r.email)}`);
      keys.set(e, [...(keys.get(e) ?? []), k]);
    }
    let linked = 0;
    let pairs = 0;
    for (const sets of keys.values()) {
      if (sets.length < 2) continue;
      pairs++;
      const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
      if (rest.every((s) => [...s].some((k) => first.has(k)))) linked++;
    }
    expect(linked / pairs).toBeGreaterThan(0.75);
    expect(linked).toBeLessThan(pairs); // some must be matched on name and region alone
  });

  it("never gives two golden customers the same credit code, phone or email", () => {
    // Invalid values ("12345", "sales@") are nulled by the cleaner, so they are not keys.
    const invalid = new Set(d.flags.map((f) => `${f.source}:${f.source_key}:${f.flag}`));
    const valid = (r: (typeof rows)[number], flag: string) => !invalid.has(`${r.source}:${r.key}:${flag}`);
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const r of rows) {
      const e = entityOf.get(`${r.source}:${r.key}`) as string;
      const keys = [
        r.code && valid(r, "invalid_credit_code") && code(r.code),
        r.phone && valid(r, "invalid_phone") && `p:${digits(r.phone)}`,
        r.email && valid(r, "invalid_email") && email(r.email),
      ];
      for (const k of keys) {
        if (!k) continue;
        const prev = owner.get(k);
        if (prev === undefined) owner.set(k, e);
        else if (prev !== e) shared.push(`${k}: ${prev} and ${e}`);
      }
    }
    expect(shared).toEqual([]);
    expect(owner.size).toBeGreaterThan(5000);
  });
});
