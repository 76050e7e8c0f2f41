// The explanation `retier score` prints, on a hand-built one-indicator model and result.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/config/schema.js";
import { explain, type ExplainContext } from "../../../src/tier/explain.js";
import type { TierModel, TierResult } from "../../../src/tier/tier-model.js";

const model = {
  method: "hybrid",
  normalisation: {
    indicators: [
      {
        indicator: "revenue",
        feature: "revenue_cny",
        direction: "higher",
        transform: "none",
        ...{ p1: 0, p99: 100, min: 0, max: 100, lo: 0, hi: 100, missing: "worst", fill: 0, count: 10 },
      },
    ],
  },
  weights: {
    indicators: [{ indicator: "revenue", feature: "revenue_cny", criterion: "financial", weight: 0.5 }],
  },
} as unknown as TierModel;

const result: TierResult = {
  customer_id: "C1",
  score: 40,
  cluster: 1,
  threshold_tier: "silver",
  kmeans_tier: "gold",
  model_tier: "gold",
  final_tier: "silver",
  previous_tier: null,
  rules_applied: [
    { rule: "risk-cap", action: "cap", before: "gold", after: "standard" },
    { rule: "new-customer", action: "tag", before: "standard", after: "standard", tag: "new" },
    {
      rule: "override:appeal",
      action: "set",
      before: "standard",
      after: "silver",
      reason: "复核",
      approver: "cfo",
    },
  ],
  top_contributors: [{ indicator: "revenue", points: 40 }],
  tags: ["new"],
  is_override: true,
};

const rules = [{ id: "risk-cap", description: "信用评级D最高为普通级" }] as unknown as Rule[];
const ctx: ExplainContext = {
  quarter: "2026Q3",
  runId: "R1",
  sameConfig: true,
  input: { customer_id: "C1", features: { revenue_cny: 80 }, fields: {}, previous_tier: null },
  model,
  result,
  stored: {
    score: 40,
    cluster: 1,
    threshold_tier: "silver",
    kmeans_tier: "gold",
    model_tier: "gold",
    final_tier: "silver",
  },
  rules,
};

describe("explain", () => {
  const text = explain(ctx);
  const lines = text.split("\n");

  it("shows each indicator's value, points, weight and score points", () => {
    expect(
      lines
        .find((l) => l.trim().startsWith("revenue"))!
        .trim()
        .split(/\s+/),
    ).toEqual(["revenue", "80", "80.00", "50.0%", "40.00"]);
    expect(text).toContain("top contributors: revenue 40.00");
  });

  it("shows the tier of each method and every rule in order with before → after and why", () => {
    expect(text).toContain("tiers: threshold silver · K-means gold · model (hybrid) gold · final silver");
    expect(text).toContain("  1. risk-cap [cap]: gold → standard — 信用评级D最高为普通级");
    expect(text).toContain("  2. new-customer [tag new]: standard (unchanged)");
    expect(text).toContain("  3. override:appeal [set]: standard → silver — 复核 (approved by cfo)");
    expect(text).toContain("tags: new");
  });

  it("says whether the re-score reproduces the run", () => {
    expect(lines.at(-1)).toBe("reproduces run R1: score 40.00, final tier silver");
    const other = explain({ ...ctx, sameConfig: false, stored: { ...ctx.stored!, final_tier: "gold" } });
    expect(other).toMatch(
      /differs from run R1, which stored score 40.00, model tier gold, final tier gold \(the config changed/,
    );
  });
});
