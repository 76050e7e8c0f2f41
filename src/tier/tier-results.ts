// A batch run's per-customer results, column by column: score, cluster and threshold tier in typed arrays,
// one rule outcome id per customer (rule-outcomes.ts), overrides only for customers that have one. A
// million results add 16 MB to the weighted points and no per-customer objects; resultAt builds one
// TierResult on demand and tier-rows.ts writes them to COPY without building any. Pure.
import { roundScore, topIndices } from "./decide.js";
import type { TierOutcome } from "./rule-outcomes.js";
import type { RuleApplied, TierOrder } from "./rules.js";
import type { Contributor, CustomerBatch, TierCount, TierResult } from "./tier-model.js";

/** What a customer's overrides did, after the rules (applyOverrides). */
export interface OverrideOutcome {
  tierIdx: number;
  applied: readonly RuleApplied[];
}

export interface TierResults {
  size: number;
  batch: CustomerBatch;
  /** Tier codes, highest first: every tier below is an index into it. */
  order: TierOrder;
  /** Indicator names, the columns of `weighted`. */
  indicators: readonly string[];
  /** n × d score points per indicator (normalised points × weight): the top contributors are read from it. */
  weighted: Float64Array;
  score: Float64Array;
  /** K-means cluster of each customer, null when K-means was skipped; `rank` maps a cluster to its tier. */
  labels: Int32Array | null;
  rank: readonly number[];
  thresholdIdx: Int32Array;
  /** Index into `outcomes`: model tier, tier after the rules, rules fired, tags. */
  outcome: Int32Array;
  outcomes: readonly TierOutcome[];
  overridden: ReadonlyMap<number, OverrideOutcome>;
}

export function kmeansIdx(r: TierResults, i: number): number | null {
  return r.labels ? r.rank[r.labels[i]!]! : null;
}

export function modelIdx(r: TierResults, i: number): number {
  return r.outcomes[r.outcome[i]!]!.modelIdx;
}

export function finalIdx(r: TierResults, i: number): number {
  return r.overridden.get(i)?.tierIdx ?? r.outcomes[r.outcome[i]!]!.tierIdx;
}

/** Every rule that fired, then the overrides, as fresh objects (finish's rules_applied). */
export function rulesApplied(r: TierResults, i: number): RuleApplied[] {
  const over = r.overridden.get(i);
  const applied = r.outcomes[r.outcome[i]!]!.applied;
  return (over ? [...applied, ...over.applied] : applied).map((a) => ({ ...a }));
}

export function contributors(r: TierResults, i: number): Contributor[] {
  const d = r.indicators.length;
  return topIndices(r.weighted, i * d, d, []).map((j) => ({
    indicator: r.indicators[j]!,
    points: roundScore(r.weighted[i * d + j]!),
  }));
}

/** Customer i's result, exactly as finish() builds it for one customer. */
export function resultAt(r: TierResults, i: number): TierResult {
  const { order, batch } = r;
  const km = kmeansIdx(r, i);
  return {
    customer_id: batch.customerId(i),
    score: r.score[i]!,
    cluster: r.labels ? r.labels[i]! : null,
    threshold_tier: order[r.thresholdIdx[i]!]!,
    kmeans_tier: km === null ? null : order[km]!,
    model_tier: order[modelIdx(r, i)]!,
    final_tier: order[finalIdx(r, i)]!,
    previous_tier: batch.previousTier(i),
    rules_applied: rulesApplied(r, i),
    top_contributors: contributors(r, i),
    tags: [...r.outcomes[r.outcome[i]!]!.tags],
    is_override: r.overridden.has(i),
  };
}

export function countTiers(r: TierResults): TierCount[] {
  const counts = r.order.map((tier) => ({ tier, threshold: 0, kmeans: 0, model: 0, final: 0 }));
  const at = r.order.map((code) => counts[r.order.lastIndexOf(code)]!); // counted by code, as tiers are
  for (let i = 0; i < r.size; i++) {
    at[r.thresholdIdx[i]!]!.threshold++;
    const km = kmeansIdx(r, i);
    if (km !== null) at[km]!.kmeans++;
    at[modelIdx(r, i)]!.model++;
    at[finalIdx(r, i)]!.final++; // overrides are validated against the same tiers
  }
  return counts;
}

/** Customers whose final tier differs from their model tier (rules or overrides changed it). */
export function countChanged(r: TierResults): number {
  let changed = 0;
  for (let i = 0; i < r.size; i++) if (r.order[finalIdx(r, i)] !== r.order[modelIdx(r, i)]) changed++;
  return changed;
}
