// Per-customer decisions shared by the batch run and single-customer re-scoring: threshold tier,
// method combination (hybrid), top contributors, what rules read; `finish` applies rules and overrides to
// one customer (re-scoring), the batch run applies the same pieces column by column (assign.ts). Pure.
import type { Rule, TierConfig } from "../config/schema.js";
import { applyOverrides, applyRules, type FieldValue, type Override, type TierOrder } from "./rules.js";
import type { Contributor, CustomerInput, TierMethod, TierResult } from "./tier-model.js";

/** Rounds to 1e-6: stored scores stay readable and a sum like 89.99999999999999 counts as 90. */
export function roundScore(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Index of the highest tier whose min_score the score reaches (tiers highest first; the last is 0). */
export function thresholdIndex(score: number, tiers: readonly TierConfig[]): number {
  for (let i = 0; i < tiers.length; i++) if (score >= tiers[i]!.min_score) return i;
  return tiers.length - 1;
}

/**
 * The model tier index for a method. `hybrid`: the K-means tier, clamped to at most one tier
 * above or below the threshold tier (see assign.ts). Without a K-means tier, the threshold tier.
 */
export function modelIndex(
  method: TierMethod,
  thresholdIdx: number,
  kmeansIdx: number | null,
  tierCount: number,
): number {
  if (method === "threshold" || kmeansIdx === null) return thresholdIdx;
  if (method === "kmeans") return kmeansIdx;
  const lo = Math.max(0, thresholdIdx - 1);
  const hi = Math.min(tierCount - 1, thresholdIdx + 1);
  return Math.min(hi, Math.max(lo, kmeansIdx));
}

/**
 * Columns of the `top` largest positive entries of one row of `weighted`, largest first (ties: the
 * lower column, i.e. config order, first), written into `idx`, which is returned.
 */
export function topIndices(
  weighted: Float64Array,
  offset: number,
  d: number,
  idx: number[],
  top = 3,
): number[] {
  // Insertion into a list of at most `top`: this runs once per customer, so no sort of all indicators.
  idx.length = 0;
  for (let j = 0; j < d; j++) {
    const v = weighted[offset + j]!;
    if (!(v > 0)) continue;
    if (idx.length < top) idx.push(j);
    else if (v > weighted[offset + idx[top - 1]!]!) idx[top - 1] = j;
    else continue;
    // Strictly greater moves up, so on ties the indicator listed first in config stays ahead.
    for (let p = idx.length - 1; p > 0 && v > weighted[offset + idx[p - 1]!]!; p--) {
      idx[p] = idx[p - 1]!;
      idx[p - 1] = j;
    }
  }
  return idx;
}

/** The three indicators that earned the most score points (ties: config order); zeros are left out. */
export function topContributors(
  names: readonly string[],
  weighted: Float64Array,
  offset: number,
  top = 3,
): Contributor[] {
  return topIndices(weighted, offset, names.length, [], top).map((j) => ({
    indicator: names[j]!,
    points: roundScore(weighted[offset + j]!),
  }));
}

/**
 * What a rule reads under `field` from the customer itself: its field, else its indicator points,
 * else its raw feature; undefined when it has none of them.
 */
export function customerRuleValue(
  c: CustomerInput,
  field: string,
  points: (indicator: string) => number | undefined,
): FieldValue {
  if (Object.hasOwn(c.fields, field)) return c.fields[field];
  return points(field) ?? (Object.hasOwn(c.features, field) ? c.features[field] : undefined);
}

/**
 * What rules can test, highest precedence first: the values this stage computed (previous_tier,
 * score, model_tier, cluster), which the input cannot shadow; the customer's fields; each
 * indicator's normalised points under its indicator name (e.g. `credit`, 0–100); the raw features.
 */
export function ruleFields(
  c: CustomerInput,
  points: (indicator: string) => number | undefined,
  computed: { score: number; model_tier: string; cluster: number | null },
): (field: string) => FieldValue {
  return (field) => {
    switch (field) {
      case "previous_tier":
        return c.previous_tier;
      case "score":
        return computed.score;
      case "model_tier":
        return computed.model_tier;
      case "cluster":
        return computed.cluster;
    }
    return customerRuleValue(c, field, points);
  };
}

export interface Decided {
  score: number;
  cluster: number | null;
  thresholdIdx: number;
  kmeansIdx: number | null;
  contributors: Contributor[];
  /** Normalised points (0–100) by indicator name; undefined for other names. */
  points: (indicator: string) => number | undefined;
}

/** Applies method, rules and overrides to one scored customer. */
export function finish(
  c: CustomerInput,
  d: Decided,
  method: TierMethod,
  order: TierOrder,
  rules: readonly Rule[],
): TierResult {
  const modelTier = order[modelIndex(method, d.thresholdIdx, d.kmeansIdx, order.length)]!;
  const fields = ruleFields(c, d.points, {
    score: d.score,
    model_tier: modelTier,
    cluster: d.cluster,
  });
  const ruled = applyRules(modelTier, fields, rules, order);
  const over = applyOverrides(ruled.tier, c.overrides ?? ([] as Override[]), order);
  return {
    customer_id: c.customer_id,
    score: d.score,
    cluster: d.cluster,
    threshold_tier: order[d.thresholdIdx]!,
    kmeans_tier: d.kmeansIdx === null ? null : order[d.kmeansIdx]!,
    model_tier: modelTier,
    final_tier: over.tier,
    previous_tier: c.previous_tier,
    rules_applied: over.applied.length ? [...ruled.applied, ...over.applied] : ruled.applied,
    top_contributors: d.contributors,
    tags: ruled.tags,
    is_override: over.isOverride,
  };
}
