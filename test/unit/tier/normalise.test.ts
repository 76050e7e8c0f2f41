// Normalisation: winsorising at p1/p99, direction, log transform, constant and missing columns.
// Expected points are worked out by hand from numpy-style linear-interpolation percentiles.
import { describe, expect, it } from "vitest";
import { applyNormaliser, fitNormaliser, type IndicatorSpec } from "../../../src/tier/normalise.js";

const spec = (over: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
  indicator: "x",
  feature: "v",
  direction: "higher",
  transform: "none",
  ...over,
});
const rowsOf = (vals: (number | null)[]) => vals.map((v) => ({ v }));
const points = (s: IndicatorSpec, fitVals: (number | null)[], vals: (number | null)[]) =>
  Array.from(applyNormaliser(fitNormaliser([s], rowsOf(fitVals)), rowsOf(vals)));

// 1..999 plus one absurd outlier: p1 = 10.99, p99 = 990.01 (the outlier does not move p99).
const withOutlier = [...Array.from({ length: 999 }, (_, i) => i + 1), 1e9];

describe("fitNormaliser / applyNormaliser", () => {
  it("winsorises at the fitted p1/p99 so one outlier does not squash everyone", () => {
    const p = fitNormaliser([spec()], rowsOf(withOutlier)).indicators[0]!;
    expect(p.p1).toBeCloseTo(10.99, 9);
    expect(p.p99).toBeCloseTo(990.01, 9);
    expect(p.min).toBe(1);
    expect(p.max).toBe(1e9);
    const [outlier, mid, low, top] = points(spec(), withOutlier, [1e9, 500, 1, 990.01]);
    expect(outlier).toBe(100);
    expect(mid).toBeCloseTo(((500 - 10.99) / (990.01 - 10.99)) * 100, 9); // 49.9489…
    expect(low).toBe(0);
    expect(top).toBeCloseTo(100, 9);
  });

  it("turns 'lower is better' around: 100 − points", () => {
    const [outlier, mid, low] = points(spec({ direction: "lower" }), withOutlier, [1e9, 500, 1]);
    expect(outlier).toBe(0);
    expect(mid).toBeCloseTo(100 - 49.94892852, 6);
    expect(low).toBe(100);
  });

  it("log-transforms with log1p and treats negatives as 0", () => {
    // log1p of these is 0, 1, 2, 3 (and −5 counts as 0); with 5 values p1/p99 sit just inside 0 and 3.
    const vals = [-5, 0, Math.E - 1, Math.E ** 2 - 1, Math.E ** 3 - 1];
    const p = fitNormaliser([spec({ transform: "log" })], rowsOf(vals)).indicators[0]!;
    // sorted transformed: 0, 0, 1, 2, 3 → p1 at h = 0.04 → 0; p99 at h = 3.96 → 2 + 0.96 = 2.96
    expect(p.p1).toBeCloseTo(0, 12);
    expect(p.p99).toBeCloseTo(2.96, 12);
    const [neg, one] = points(spec({ transform: "log" }), vals, [-5, Math.E - 1]);
    expect(neg).toBe(0);
    expect(one).toBeCloseTo((1 / 2.96) * 100, 9);
  });

  it("symlog-transforms signed ratios: sign(v)·log1p(|v|), declines kept below steady", () => {
    // transformed: −1, 0, 1, 3 → p1 at h = 0.03 → −0.97; p99 at h = 2.97 → 1 + 0.97 × 2 = 2.94
    const vals = [-(Math.E - 1), 0, Math.E - 1, Math.E ** 3 - 1];
    const p = fitNormaliser([spec({ transform: "symlog" })], rowsOf(vals)).indicators[0]!;
    expect(p.p1).toBeCloseTo(-0.97, 12);
    expect(p.p99).toBeCloseTo(2.94, 12);
    const [down, steady, up] = points(spec({ transform: "symlog" }), vals, [-(Math.E - 1), 0, Math.E - 1]);
    expect(down).toBe(0);
    expect(steady).toBeCloseTo((0.97 / 3.91) * 100, 9); // 24.808…
    expect(up).toBeCloseTo((1.97 / 3.91) * 100, 9); // 50.383…
  });

  it("gives a constant column 50 points to everyone and never divides by zero", () => {
    const pts = points(spec(), [7, 7, 7, 7], [7, 7, 100, null]);
    expect(pts.slice(0, 3)).toEqual([50, 50, 50]);
    expect(pts.every(Number.isFinite)).toBe(true);
  });

  it("falls back to min/max when ≥ 98% share one value, so the few others still count", () => {
    // 300 customers never overdue, one always overdue: p1 = p99 = 0.
    const vals = [...Array<number>(300).fill(0), 1];
    const p = fitNormaliser([spec({ direction: "lower" })], rowsOf(vals)).indicators[0]!;
    expect([p.p1, p.p99, p.lo, p.hi]).toEqual([0, 0, 0, 1]);
    expect(points(spec({ direction: "lower" }), vals, [0, 1, 0.25])).toEqual([100, 0, 75]);
  });

  it("gives missing activity 0 points and missing risk data the median's points", () => {
    const specs: IndicatorSpec[] = [
      { indicator: "recency", feature: "recency_days", direction: "lower", transform: "none" },
      { indicator: "payment_days", feature: "avg_payment_days", direction: "lower", transform: "none" },
    ];
    const rows = [
      { recency_days: 10, avg_payment_days: 10 },
      { recency_days: 20, avg_payment_days: 20 },
      { recency_days: 30, avg_payment_days: 30 },
      { recency_days: null, avg_payment_days: null },
      { recency_days: Number.NaN, avg_payment_days: undefined },
    ];
    const x = applyNormaliser(fitNormaliser(specs, rows), rows);
    // payment days: p1 = 10.2, p99 = 29.8, median 20 → (20 − 10.2) / 19.6 = 50% → 100 − 50 = 50 points.
    expect(Array.from(x.subarray(6, 10))).toEqual([0, 50, 0, 50]);
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it("keeps an all-missing column finite and JSON-safe", () => {
    const params = fitNormaliser([spec(), spec({ indicator: "r", feature: "recency_days" })], [{}, {}]);
    expect(JSON.parse(JSON.stringify(params))).toEqual(params);
    expect(params.indicators.map((p) => p.fill)).toEqual([50, 0]);
    expect(Array.from(applyNormaliser(params, [{}]))).toEqual([50, 0]);
  });

  it("scores a new customer with stored parameters, clipping beyond the fitted range", () => {
    const params = JSON.parse(JSON.stringify(fitNormaliser([spec()], rowsOf(withOutlier))));
    expect(Array.from(applyNormaliser(params, [{ v: 5e9 }, { v: -3 }]))).toEqual([100, 0]);
  });
});
