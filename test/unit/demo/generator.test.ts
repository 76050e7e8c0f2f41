// The demo generator's contract: deterministic per seed, independent of batching, at the documented scale,
// with the value skew, activity patterns and time bounds the later stages rely on.
import { describe, expect, it } from "vitest";
import { generateDemo, validateDemoParams } from "../../../src/demo/generator.js";
import { ANCHOR, cents, collect, countBy, dataset, params } from "./fixture.js";

const json = (v: unknown) => JSON.stringify(v);

describe("determinism", () => {
  it("gives byte-identical data for the same customers, seed and anchor", () => {
    expect(json(collect(params(800, 7)))).toBe(json(collect(params(800, 7))));
  });

  it("gives different data for another seed or anchor", () => {
    const a = collect(params(300, 7));
    const b = collect(params(300, 8));
    expect(json(a.erpCustomers)).not.toBe(json(b.erpCustomers));
    expect(json(a.orders)).not.toBe(json(b.orders));
    const c = collect({ ...params(300, 7), anchor: new Date("2025-09-30T16:00:00Z") });
    expect(json(c.orders)).not.toBe(json(a.orders));
  });

  it("does not depend on the batch size", () => {
    expect(json(collect(params(700, 3), 64))).toBe(json(collect(params(700, 3), 1000)));
  });

  it("streams in batches of golden customers", () => {
    const done = [...generateDemo(params(250), { batchSize: 100 })].map((b) => b.goldenDone);
    expect(done).toEqual([100, 200, 250]);
  });

  it("rejects impossible parameters", () => {
    expect(() => validateDemoParams({ customers: 0, seed: 1, anchor: ANCHOR })).toThrow(/customers/);
    expect(() => validateDemoParams({ customers: 10, seed: 1.5, anchor: ANCHOR })).toThrow(/seed/);
    expect(() => validateDemoParams({ customers: 10, seed: 1, anchor: new Date("nope") })).toThrow(/anchor/);
  });
});

describe("scale (DESIGN §11: 20 000 golden → 25 000 source rows, 200 000 orders, 500 000 lines)", () => {
  const d = dataset(5000);
  const golden = 5000;

  it("has about 1.25 source customer rows per golden customer, most in the ERP", () => {
    const rows = d.erpCustomers.length + new Set(d.crmCustomers.map((r) => r.cust_no)).size;
    expect(rows / golden).toBeGreaterThan(1.18);
    expect(rows / golden).toBeLessThan(1.32);
    expect(d.erpCustomers.length).toBeGreaterThan(2 * d.crmCustomers.length);
    expect(new Set(d.entities.map((e) => e.entity_id)).size).toBe(golden);
  });

  it("has about 10 orders per golden customer and 2.5 lines per order", () => {
    expect(d.orders.length / golden).toBeGreaterThan(8.5);
    expect(d.orders.length / golden).toBeLessThan(11.5);
    expect(d.orderLines.length / d.orders.length).toBeGreaterThan(2.3);
    expect(d.orderLines.length / d.orders.length).toBeLessThan(2.7);
  });

  it("makes about 5 orders per golden customer at order scale 0.5 (DESIGN §11's M and L rows)", () => {
    const half = collect({ ...params(golden), orderScale: 0.5 });
    expect(half.orders.length / golden).toBeGreaterThan(4.25);
    expect(half.orders.length / golden).toBeLessThan(5.75);
    expect(half.orderLines.length / half.orders.length).toBeGreaterThan(2.3);
    expect(half.orderLines.length / half.orders.length).toBeLessThan(2.7);
    expect(new Set(half.entities.map((e) => e.entity_id)).size).toBe(golden);
    expect(() => validateDemoParams({ ...params(10), orderScale: 0 })).toThrow(/order scale/);
  });

  it("has unique ids in every table", () => {
    for (const ids of [
      d.erpCustomers.map((r) => r.id as string | number),
      d.orders.map((r) => r.id),
      d.orderLines.map((r) => r.id),
      d.payments.map((r) => r.id),
      d.credits.map((r) => r.id),
    ])
      expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("realism", () => {
  const d = dataset(5000);
  const erpEntity = new Map(
    d.entities.filter((e) => e.source === "erp").map((e) => [e.source_key, e.entity_id]),
  );
  const rejected = new Set(d.defects.filter((x) => x.entity === "order").map((x) => x.source_key));
  const good = d.orders.filter((o) => !rejected.has(String(o.id)) && o.currency === "CNY");

  it("skews value: the top 20% of customers bring most of the revenue", () => {
    const revenue = new Map<string, number>();
    for (const o of good) {
      const e = erpEntity.get(o.customer_id) as string;
      revenue.set(e, (revenue.get(e) ?? 0) + cents(o.total_amount));
    }
    const sorted = [...revenue.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.6);
  });

  it("has customers without orders in the last 12 months and customers new this year", () => {
    const yearAgo = Date.UTC(2024, 11, 31, 16);
    const last = new Map<string, number>();
    for (const o of good)
      last.set(o.customer_id, Math.max(last.get(o.customer_id) ?? 0, o.ordered_at.getTime()));
    const lapsed = [...last.values()].filter((t) => t < yearAgo).length;
    expect(lapsed / last.size).toBeGreaterThan(0.05);
    const fresh = d.erpCustomers.filter((c) => c.created_at.getTime() >= yearAgo).length;
    expect(fresh / d.erpCustomers.length).toBeGreaterThan(0.05);
  });

  it("keeps genuine events inside the two years before the anchor and payments after their orders", () => {
    const start = Date.UTC(2023, 11, 31, 16);
    const future = new Set(d.defects.filter((x) => x.reason === "future_date").map((x) => x.source_key));
    const orderAt = new Map(d.orders.map((o) => [o.id, o.ordered_at.getTime()]));
    const end = ANCHOR.getTime();
    const badOrders = d.orders.filter(
      (o) =>
        !future.has(String(o.id)) &&
        (o.ordered_at.getTime() < start || o.ordered_at.getTime() >= end || o.due_at <= o.ordered_at),
    );
    expect(badOrders).toEqual([]);
    const badPayments = d.payments.filter(
      (p) => p.paid_at.getTime() >= end || p.paid_at.getTime() <= (orderAt.get(p.order_id) as number),
    );
    expect(badPayments).toEqual([]);
    expect(
      d.erpCustomers.filter((c) => c.updated_at < c.created_at || c.created_at.getTime() >= end),
    ).toEqual([]);
  });

  it("pays most orders once, some late, leaves some unpaid", () => {
    const perOrder = countBy(d.payments, (p) => String(p.order_id));
    const paidOnce = [...perOrder.values()].filter((n) => n === 1).length;
    expect(paidOnce / d.orders.length).toBeGreaterThan(0.7);
    expect(perOrder.size / d.orders.length).toBeLessThan(0.99);
    const due = new Map(d.orders.map((o) => [o.id, o.due_at.getTime()]));
    const late = d.payments.filter((p) => p.paid_at.getTime() > (due.get(p.order_id) as number)).length;
    expect(late / d.payments.length).toBeGreaterThan(0.03);
  });

  it("uses CNY mostly, some USD/HKD/EUR", () => {
    const byCurrency = countBy(d.orders, (o) => o.currency);
    expect((byCurrency.get("CNY") ?? 0) / d.orders.length).toBeGreaterThan(0.85);
    for (const c of ["USD", "HKD", "EUR"]) expect(byCurrency.get(c) ?? 0).toBeGreaterThan(0);
  });

  it("rates most ERP customers, a few D or with defaults", () => {
    const rated = new Set(d.credits.map((c) => c.customer_id));
    expect(rated.size / d.erpCustomers.length).toBeGreaterThan(0.8);
    const risky = d.credits.filter((c) => c.rating === "D" || c.defaults_12m > 0).length;
    expect(risky / d.credits.length).toBeGreaterThan(0.005);
    expect(risky / d.credits.length).toBeLessThan(0.1);
    expect(d.credits.filter((c) => !erpEntity.has(c.customer_id))).toEqual([]);
  });
});
