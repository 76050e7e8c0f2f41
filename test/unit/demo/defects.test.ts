// The ground truth matches the data exactly: every defect found by re-checking the rows is recorded with
// the reason the clean stage must give, nothing else is, and totals equal their lines everywhere else.
import { describe, expect, it } from "vitest";
import { ANCHOR, cents, countBy, dataset } from "./fixture.js";

const KNOWN_CURRENCIES = new Set(["CNY", "USD", "HKD", "EUR"]);

describe("order defects", () => {
  const d = dataset(5000);
  const erpIds = new Set(d.erpCustomers.map((c) => c.id));
  const lineSums = new Map<number, number>();
  for (const l of d.orderLines) lineSums.set(l.order_id, (lineSums.get(l.order_id) ?? 0) + cents(l.amount));

  /** What a correct cleaner would say about an order, by re-checking it (row checks before the line total). */
  function expectedReason(o: (typeof d.orders)[number]): string | null {
    if (!erpIds.has(o.customer_id)) return "orphan_order";
    if (cents(o.total_amount) < 0) return "negative_amount";
    if (o.ordered_at.getTime() >= ANCHOR.getTime()) return "future_date";
    if (!KNOWN_CURRENCIES.has(o.currency)) return "unknown_currency";
    if (Math.abs(cents(o.total_amount) - (lineSums.get(o.id) ?? 0)) > 1) return "total_mismatch";
    return null;
  }

  const truth = new Map(d.defects.filter((x) => x.entity === "order").map((x) => [x.source_key, x.reason]));

  it("records exactly the defective orders, each with the reason a cleaner finds", () => {
    const found = new Map<string, string>();
    for (const o of d.orders) {
      const reason = expectedReason(o);
      if (reason) found.set(String(o.id), reason);
    }
    expect(found).toEqual(truth);
  });

  it("injects every kind, each at a modest rate", () => {
    const byReason = countBy([...truth.values()], (r) => r);
    for (const reason of [
      "orphan_order",
      "negative_amount",
      "total_mismatch",
      "future_date",
      "unknown_currency",
    ]) {
      const rate = (byReason.get(reason) ?? 0) / d.orders.length;
      expect(rate, reason).toBeGreaterThan(0.001);
      expect(rate, reason).toBeLessThan(0.01);
    }
    expect(truth.size / d.orders.length).toBeLessThan(0.05);
  });

  it("makes totals equal the sum of their lines except the recorded mismatches", () => {
    const wrong = d.orders.filter((o) => {
      const diff = Math.abs(cents(o.total_amount) - (lineSums.get(o.id) ?? 0));
      return truth.get(String(o.id)) === "total_mismatch" ? diff <= 1 : diff !== 0;
    });
    expect(wrong).toEqual([]);
  });

  it("makes every line amount quantity × unit price, rounded to the cent", () => {
    const wrong = d.orderLines.filter(
      (l) => Math.abs(cents(l.amount) - Number(l.quantity) * cents(l.unit_price)) > 0.5 + 1e-6,
    );
    expect(wrong).toEqual([]);
  });

  it("rejects the lines and payments of rejected orders as parent_rejected, and nothing else", () => {
    const children = (entity: string) =>
      new Set(d.defects.filter((x) => x.entity === entity).map((x) => `${x.source_key}:${x.reason}`));
    const lines = new Set(
      d.orderLines.filter((l) => truth.has(String(l.order_id))).map((l) => `${l.id}:parent_rejected`),
    );
    const pays = new Set(
      d.payments.filter((p) => truth.has(String(p.order_id))).map((p) => `${p.id}:parent_rejected`),
    );
    expect(children("order_line")).toEqual(lines);
    expect(children("payment")).toEqual(pays);
    expect(lines.size).toBeGreaterThan(0);
    expect(pays.size).toBeGreaterThan(0);
  });
});

describe("customer defects", () => {
  const d = dataset(5000);
  const defects = (source: string, reason: string) =>
    d.defects
      .filter((x) => x.entity === "customer" && x.source === source && x.reason === reason)
      .map((x) => x.source_key);

  it("records every nameless customer row as missing_key, in both sources", () => {
    const blank = (name: string | null) => name === null || name.normalize("NFKC").trim() === "";
    expect(new Set(defects("erp", "missing_key"))).toEqual(
      new Set(d.erpCustomers.filter((c) => blank(c.company_name)).map((c) => c.id)),
    );
    const crmBlank = d.crmCustomers.filter((c) => blank(c.name)).map((c) => c.cust_no);
    expect(defects("crm", "missing_key").sort()).toEqual(crmBlank.sort());
    expect(crmBlank.length).toBeGreaterThan(0);
  });

  it("records each extra copy of an exact duplicate CRM row as exact_duplicate", () => {
    const copies = countBy(d.crmCustomers, (c) => JSON.stringify(c));
    const expected = new Map<string, number>();
    for (const [row, n] of copies) if (n > 1) expected.set(JSON.parse(row).cust_no as string, n - 1);
    expect(countBy(defects("crm", "exact_duplicate"), (k) => k)).toEqual(expected);
    expect(expected.size).toBeGreaterThan(0);
    // A cust_no repeats only as an identical row.
    expect(countBy(d.crmCustomers, (c) => c.cust_no).size).toBe(copies.size);
  });

  it("never lets a rejected customer row carry orders or ratings", () => {
    const nameless = new Set(defects("erp", "missing_key"));
    expect(d.orders.filter((o) => nameless.has(o.customer_id))).toEqual([]);
    expect(d.credits.filter((c) => nameless.has(c.customer_id))).toEqual([]);
  });

  it("keeps every reject rate far below the 20% threshold", () => {
    const rate = (entity: string, source: string, rows: number) =>
      d.defects.filter((x) => x.entity === entity && x.source === source).length / rows;
    expect(rate("customer", "erp", d.erpCustomers.length)).toBeLessThan(0.02);
    expect(rate("customer", "crm", d.crmCustomers.length)).toBeLessThan(0.03);
    expect(rate("order_line", "erp", d.orderLines.length)).toBeLessThan(0.05);
    expect(rate("payment", "erp", d.payments.length)).toBeLessThan(0.05);
  });
});
