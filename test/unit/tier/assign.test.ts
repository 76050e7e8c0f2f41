// The whole pure tiering pipeline on a small synthetic population with four obvious quality groups,
// with the default config: tiers of the obviously best and worst, explanations in order, overrides
// last, methods, re-scoring one customer with the stored model, and degenerate inputs.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { assignTiers, scoreOne, type CustomerInput, type TierInputConfig } from "../../../src/tier/assign.js";
import { modelIndex, topContributors } from "../../../src/tier/decide.js";
import { lcg } from "./support.js";

const cfg: TierInputConfig = loadConfig({ env: {} });

/** Raw feature ranges per indicator: [feature, low, high, log?, lower-is-better?]. */
const RANGES: [string, number, number, boolean, boolean][] = [
  ["revenue_cny", 0, 1e7, true, false],
  ["gross_profit_cny", 0, 2e6, true, false],
  ["order_count", 0, 200, true, false],
  ["recency_days", 0, 365, false, true],
  ["growth_rate", -1, 2, false, false],
  ["tenure_days", 0, 3650, false, false],
  ["credit_score", 0, 100, false, false],
  ["overdue_share", 0, 1, false, true],
  ["avg_payment_days", 0, 120, false, true],
];

/** A customer whose every indicator sits at `level` (0 worst … 1 best) of its range, plus noise. */
function customer(
  id: string,
  level: number,
  rand: () => number,
  extra: Partial<CustomerInput> = {},
): CustomerInput {
  const features: Record<string, number> = {};
  for (const [feature, lo, hi, log, lower] of RANGES) {
    const l = Math.min(1, Math.max(0, level + (rand() - 0.5) * 0.04));
    const at = lower ? 1 - l : l;
    features[feature] = log ? Math.expm1(at * Math.log1p(hi)) : lo + at * (hi - lo);
  }
  return {
    customer_id: id,
    features,
    fields: {
      credit_rating: "A",
      defaults_12m: 0,
      revenue_cny: features.revenue_cny!,
      tenure_days: features.tenure_days!,
      recency_days: features.recency_days!,
    },
    previous_tier: null,
    ...extra,
  };
}

function population(): CustomerInput[] {
  const rand = lcg(2024);
  const out: CustomerInput[] = [];
  for (const [name, level] of [
    ["excellent", 0.97],
    ["good", 0.85],
    ["average", 0.65],
    ["poor", 0.1],
  ] as const)
    for (let i = 0; i < 12; i++) out.push(customer(`${name}-${i}`, level, rand));
  out.push(customer("best", 1, () => 0.5));
  out.push(customer("worst", 0, () => 0.5));
  const risky = customer("risky-vip", 0.97, () => 0.5, { previous_tier: "diamond" });
  risky.fields = { ...risky.fields, credit_rating: "D", defaults_12m: 1, revenue_cny: 9e6 };
  out.push(risky);
  out.push(
    customer("appealed", 0.1, () => 0.5, {
      overrides: [
        { tier: "silver", reason: "signed a strategic contract", approver: "sales-vp", kind: "appeal" },
      ],
    }),
  );
  out.push(customer("protected", 0.05, () => 0.5, { previous_tier: "gold" }));
  return out;
}

const input = population();
const { results, model } = await assignTiers(input, cfg, { seed: 20260101 });
const byId = new Map(results.map((r) => [r.customer_id, r]));
const get = (id: string) => byId.get(id)!;

describe("assignTiers", () => {
  it("puts the obviously best customer in diamond and the obviously worst in standard", () => {
    expect(get("best")).toMatchObject({
      score: 100,
      threshold_tier: "diamond",
      kmeans_tier: "diamond",
      final_tier: "diamond",
    });
    expect(get("worst")).toMatchObject({
      threshold_tier: "standard",
      kmeans_tier: "standard",
      final_tier: "standard",
    });
    expect(get("worst").score).toBeLessThan(5);
  });

  it("finds the four designed groups and maps them top-down to the tiers", () => {
    const expected = { excellent: "diamond", good: "gold", average: "silver", poor: "standard" } as const;
    for (const r of results) {
      const group = r.customer_id.split("-")[0] as keyof typeof expected;
      if (group in expected) expect([r.customer_id, r.kmeans_tier]).toEqual([r.customer_id, expected[group]]);
    }
    expect(model.kmeans.status).toBe("ran");
    expect(model.cluster_tiers.slice().sort()).toEqual(["diamond", "gold", "silver", "standard"]);
    const scoreOf = (tier: string) => model.centroid_scores[model.cluster_tiers.indexOf(tier)]!;
    expect(scoreOf("diamond")).toBeGreaterThan(scoreOf("gold"));
    expect(scoreOf("gold")).toBeGreaterThan(scoreOf("silver"));
    expect(scoreOf("silver")).toBeGreaterThan(scoreOf("standard"));
    expect(model.cluster_sizes.reduce((a, b) => a + b, 0)).toBe(input.length);
  });

  it("explains the rules in config order, each applied to the previous result", () => {
    const r = get("risky-vip");
    expect(r.model_tier).toBe("diamond");
    expect(r.rules_applied).toEqual([
      { rule: "risk-cap", action: "cap", before: "diamond", after: "standard" },
      { rule: "strategic-floor", action: "floor", before: "standard", after: "gold" },
      { rule: "vip-protection", action: "max_drop", before: "gold", after: "gold" },
    ]);
    expect(r.final_tier).toBe("gold");
    const p = get("protected");
    expect(p.model_tier).toBe("standard");
    expect(p.final_tier).toBe("silver"); // at most one tier below last quarter's gold
    expect(p.tags).toEqual(["new", "at-risk"]); // tenure 0.05 × 3650 = 182.5 days; last order 346.75 days ago
  });

  it("applies an approved appeal after every rule", () => {
    const r = get("appealed");
    expect(r.model_tier).toBe("standard");
    expect(r.final_tier).toBe("silver");
    expect(r.is_override).toBe(true);
    expect(r.rules_applied.at(-1)).toMatchObject({
      rule: "override:appeal",
      before: "standard",
      after: "silver",
      approver: "sales-vp",
    });
    expect(get("best").is_override).toBe(false);
  });

  it("lists the top three contributors by score points", () => {
    // At full marks each indicator earns 100 × its weight: revenue 23.4, growth 18.0, gross profit 13.9.
    expect(get("best").top_contributors.map((c) => c.indicator)).toEqual([
      "revenue",
      "growth",
      "gross_profit",
    ]);
    expect(get("best").top_contributors[0]!.points).toBeCloseTo(23.365, 2);
    expect(get("worst").top_contributors).toEqual([]);
  });

  it("summarises the model: counts, agreement, JSON-safe", () => {
    const finals = model.tier_counts.map((t) => t.final);
    expect(finals.reduce((a, b) => a + b, 0)).toBe(input.length);
    expect(model.tier_counts.find((t) => t.tier === "diamond")!.kmeans).toBe(14); // 12 excellent, best, risky-vip
    expect(model.agreement).toBeGreaterThan(0.5);
    expect(model.indicators).toHaveLength(9);
    expect(model.centroids).toHaveLength(4);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it("is deterministic and honours a warm start", async () => {
    expect((await assignTiers(input, cfg, { seed: 20260101 })).results).toEqual(results);
    const warm = await assignTiers(input, cfg, { seed: 1, warmStart: model.centroids });
    expect(warm.model.kmeans.warm_start).toBe("used");
    expect(warm.results.map((r) => r.kmeans_tier)).toEqual(results.map((r) => r.kmeans_tier));
    const ignored = await assignTiers(input, cfg, { seed: 1, warmStart: [[1, 2]] });
    expect(ignored.model.kmeans.warm_start).toBe("ignored");
  });

  it("follows the configured method", async () => {
    const withMethod = async (method: "threshold" | "kmeans") =>
      (await assignTiers(input, { ...cfg, scoring: { ...cfg.scoring, method } }, { seed: 20260101 })).results;
    for (const r of await withMethod("threshold")) expect(r.model_tier).toBe(r.threshold_tier);
    for (const r of await withMethod("kmeans")) expect(r.model_tier).toBe(r.kmeans_tier);
  });
});

describe("hybrid", () => {
  it("takes the K-means tier but stays within one tier of the threshold tier", () => {
    // tiers 0 diamond … 3 standard; arguments: method, threshold index, K-means index, tier count
    expect(modelIndex("hybrid", 3, 0, 4)).toBe(2);
    expect(modelIndex("hybrid", 0, 3, 4)).toBe(1);
    expect(modelIndex("hybrid", 2, 1, 4)).toBe(1);
    expect(modelIndex("hybrid", 2, 2, 4)).toBe(2);
    expect(modelIndex("hybrid", 1, null, 4)).toBe(1);
  });
});

describe("topContributors", () => {
  it("keeps the three largest point earners, config order on ties, and skips zeros", () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    const row = Float64Array.from([9, 0, 1, 5, 30, 5, 5]);
    expect(topContributors(names, row, 1)).toEqual([
      { indicator: "d", points: 30 },
      { indicator: "c", points: 5 },
      { indicator: "e", points: 5 },
    ]);
    expect(topContributors(["x", "y"], Float64Array.from([0, 2]), 0)).toEqual([
      { indicator: "y", points: 2 },
    ]);
  });
});

describe("scoreOne", () => {
  const stored = JSON.parse(JSON.stringify(model));
  it("re-scores a customer of the run exactly as the run did", () => {
    for (const c of input) expect(scoreOne(c, stored, cfg)).toEqual(get(c.customer_id));
  });

  it("scores a newcomer against the stored model", () => {
    const r = scoreOne(
      customer("new-star", 1, () => 0.5),
      stored,
      cfg,
    );
    expect(r).toMatchObject({ score: 100, kmeans_tier: "diamond", final_tier: "diamond" });
  });
});

describe("degenerate inputs", () => {
  const finite = (x: unknown) =>
    JSON.stringify(x, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? "NON-FINITE" : v));

  it("handles fewer customers than tiers without K-means", async () => {
    const rand = lcg(1);
    const out = await assignTiers([customer("a", 0.9, rand), customer("b", 0.2, rand)], cfg, { seed: 1 });
    expect(out.model.kmeans.status).toBe("skipped");
    expect(out.model.agreement).toBeNull();
    for (const r of out.results) {
      expect(r.cluster).toBeNull();
      expect(r.kmeans_tier).toBeNull();
      expect(r.model_tier).toBe(r.threshold_tier);
    }
    expect(finite(out)).not.toContain("NON-FINITE");
  });

  it("handles no customers, identical customers and non-finite features", async () => {
    const none = await assignTiers([], cfg, { seed: 1 });
    expect(none.results).toEqual([]);
    expect(finite(none.model)).not.toContain("NON-FINITE");

    const same = await assignTiers(
      Array.from({ length: 10 }, (_, i) => customer(`s${i}`, 0.5, () => 0.5)),
      cfg,
      { seed: 1 },
    );
    expect(same.model.kmeans.status).toBe("skipped");
    expect(new Set(same.results.map((r) => r.final_tier)).size).toBe(1);

    const rand = lcg(3);
    const broken = Array.from({ length: 8 }, (_, i) => customer(`b${i}`, i / 8, rand));
    broken[0]!.features = {
      ...broken[0]!.features,
      revenue_cny: Number.NaN,
      tenure_days: Infinity,
      order_count: null,
    };
    broken[1]!.features = {};
    const out = await assignTiers(broken, cfg, { seed: 1 });
    expect(finite(out)).not.toContain("NON-FINITE");
    expect(out.results.every((r) => r.score >= 0 && r.score <= 100)).toBe(true);
  });
});
