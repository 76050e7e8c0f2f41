// Final indicator weights: criteria × within-criterion weights (expected values from numpy's
// eigenvectors of the default matrices, and hand arithmetic for explicit weights).
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import type { ScoringConfig } from "../../../src/config/schema.js";
import { computeWeights } from "../../../src/tier/weights.js";

const defaults = loadConfig({ env: {} }).scoring;

describe("computeWeights", () => {
  it("multiplies the default AHP criteria weights (50/30/20) into the indicators", () => {
    const w = computeWeights(defaults);
    const by = Object.fromEntries(w.indicators.map((i) => [i.indicator, i.weight]));
    expect(by.revenue).toBeCloseTo(0.23365, 4);
    expect(by.gross_profit).toBeCloseTo(0.13859, 4);
    expect(by.frequency).toBeCloseTo(0.08004, 4);
    expect(by.recency).toBeCloseTo(0.04772, 4);
    expect(by.growth).toBeCloseTo(0.18, 4);
    expect(by.tenure).toBeCloseTo(0.12, 4);
    expect(by.credit).toBeCloseTo(0.10792, 4);
    expect(by.overdue_share).toBeCloseTo(0.05939, 4);
    expect(by.payment_days).toBeCloseTo(0.03268, 4);
    expect(w.indicators.reduce((a, b) => a + b.weight, 0)).toBeCloseTo(1, 12);
    expect(w.indicators.find((i) => i.indicator === "recency")).toMatchObject({
      feature: "recency_days",
      criterion: "financial",
    });
    expect(w.matrices.map((m) => m.name)).toEqual([
      "scoring.pairwise.criteria",
      "scoring.criteria.financial.pairwise",
      "scoring.criteria.potential.pairwise",
      "scoring.criteria.risk.pairwise",
    ]);
    for (const m of w.matrices) expect(m.cr).toBeLessThan(0.1);
  });

  it("normalises explicit weights and splits a criterion without a matrix equally", () => {
    const scoring: ScoringConfig = {
      ...defaults,
      pairwise: undefined,
      weights: { criteria: [2, 1, 1] },
      criteria: {
        a: { indicators: ["revenue", "frequency"], weights: [3, 1] },
        b: { indicators: ["recency"] },
        c: { indicators: ["credit", "tenure"], weights: [1, 1] },
      },
    };
    const w = computeWeights(scoring);
    expect(w.indicators.map((i) => [i.indicator, i.weight])).toEqual([
      ["revenue", 0.375],
      ["frequency", 0.125],
      ["recency", 0.25],
      ["credit", 0.125],
      ["tenure", 0.125],
    ]);
    expect(w.matrices).toEqual([]);
  });
});
