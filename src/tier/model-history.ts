// Last quarter's model in this quarter's run: its centroids as a K-means warm start when the feature space
// is the same, and stability (how many customers kept their tier) kept beside the model. Pure.
import type { ScoringConfig } from "../config/schema.js";
import type { TierModel, TierResult } from "./tier-model.js";
import { computeWeights } from "./weights.js";

/** The previous published quarter's stored model, as read from etl.tier_models. */
export interface PreviousModel {
  quarter: string;
  run_id: string;
  /** jsonb: treated as unknown until checked. */
  model: unknown;
}

export interface WarmStart {
  /** k × d centroids to start from, or null. */
  centroids: number[][] | null;
  /** Where they came from, or why not. */
  from: { quarter: string; run_id: string } | null;
  reason: string | null;
}

export interface Stability {
  /** The quarter previous_tier refers to. */
  previous_quarter: string;
  /** Customers with a previous tier. */
  compared: number;
  unchanged: number;
  up: number;
  down: number;
  /** unchanged / compared; null when nobody had a previous tier. */
  rate: number | null;
}

/** What this stage stores in etl.tier_models.model: the engine's model plus its history. */
export type StoredTierModel = TierModel & {
  warm_start_from: { quarter: string; run_id: string } | null;
  warm_start_reason: string | null;
  stability: Stability;
};

type IndicatorKey = { indicator: string; feature: string; direction: string; transform: string };

const key = (i: IndicatorKey) => `${i.indicator}|${i.feature}|${i.direction}|${i.transform}`;

/** The indicators, in model column order, that this config would produce. */
export function configIndicators(scoring: ScoringConfig): IndicatorKey[] {
  return computeWeights(scoring).indicators.map((w) => {
    const s = scoring.indicators[w.indicator]!;
    return { indicator: w.indicator, feature: s.feature, direction: s.direction, transform: s.transform };
  });
}

/**
 * The centroids of the last published quarter, or of this quarter's own publish when it is the first
 * (tier/previous_model), when they live in the same space: same indicators in the same order, with the
 * same features, directions and transforms, and one centroid per tier. Weights may differ a little (the
 * centroids are only a starting point); a changed indicator set or transform makes them meaningless.
 */
export function warmStartFrom(
  previous: PreviousModel | null,
  indicators: readonly IndicatorKey[],
  k: number,
): WarmStart {
  if (!previous) return { centroids: null, from: null, reason: "no earlier published quarter" };
  const from = { quarter: previous.quarter, run_id: previous.run_id };
  const m = previous.model as Partial<TierModel> | null;
  const params = m?.normalisation?.indicators;
  if (!Array.isArray(params) || params.map(key).join(",") !== indicators.map(key).join(","))
    return { centroids: null, from, reason: `indicators or transforms differ from ${previous.quarter}` };
  const c = m?.centroids;
  if (!Array.isArray(c) || c.length === 0)
    return { centroids: null, from, reason: `${previous.quarter} has no centroids (K-means was skipped)` };
  const ok =
    c.length === k &&
    c.every((r) => Array.isArray(r) && r.length === indicators.length && r.every(Number.isFinite));
  if (!ok)
    return {
      centroids: null,
      from,
      reason: `${previous.quarter}'s centroids are not ${k} × ${indicators.length}`,
    };
  return { centroids: c, from, reason: null };
}

/** Share of customers whose final tier equals their previous tier; up/down by tier order (highest first). */
export function stabilityOf(
  results: readonly Pick<TierResult, "final_tier" | "previous_tier">[],
  order: readonly string[],
  previousQuarter: string,
): Stability {
  return stabilityOfTiers(
    results.length,
    (i) => results[i]!.previous_tier,
    (i) => results[i]!.final_tier,
    order,
    previousQuarter,
  );
}

/** stabilityOf for n customers read by index (the batch run's columnar results). */
export function stabilityOfTiers(
  n: number,
  previousTier: (i: number) => string | null,
  finalTier: (i: number) => string,
  order: readonly string[],
  previousQuarter: string,
): Stability {
  let compared = 0;
  let unchanged = 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    const previous = previousTier(i);
    if (previous === null) continue;
    const final = finalTier(i);
    compared++;
    const was = order.indexOf(previous);
    const now = order.indexOf(final);
    if (previous === final) unchanged++;
    else if (was < 0 || now < 0)
      continue; // a tier no longer configured: changed, but neither up nor down
    else if (now < was) up++;
    else down++;
  }
  return {
    previous_quarter: previousQuarter,
    compared,
    unchanged,
    up,
    down,
    rate: compared ? unchanged / compared : null,
  };
}
