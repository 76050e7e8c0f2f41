// The pure tiering pipeline: weights → normalised points → score and threshold tier → K-means on
// the weighted points → method → rules → overrides, plus re-scoring one customer with a stored model.
//
// Methods (scoring.method):
// - threshold: the tier whose min_score the score reaches.
// - kmeans: K-means (k = number of tiers) on each customer's normalised points × indicator weight;
//   clusters ranked by centroid score (sum of the weighted centroid coordinates, i.e. the score of
//   the centre) and mapped top-down to the tiers.
// - hybrid (default): the K-means tier, but never more than one tier away from the threshold tier;
//   where K-means is further away it is clamped to the tier next to the threshold tier on its side.
//   Thresholds keep tiers anchored to absolute, explainable score levels; K-means moves customers
//   near a boundary to the natural group they resemble.
// When K-means cannot form k groups (fewer distinct customers than tiers) it is skipped: cluster and
// kmeans_tier are null and every method falls back to the threshold tier.
import { ConfigError } from "../errors.js";
import { clusterIntoTiers } from "./cluster-tiers.js";
import { inputBatch } from "./customer-input.js";
import { finish, modelIndex, roundScore, thresholdIndex, topContributors, type Decided } from "./decide.js";
import { indicatorPoints, normalise, type IndicatorSpec } from "./normalise.js";
import { OutcomeTable } from "./rule-outcomes.js";
import { applyOverrides, tierOrder, type FieldValue } from "./rules.js";
import type {
  AssignOptions,
  AssignOutput,
  CustomerBatch,
  CustomerInput,
  TierInputConfig,
  TierModel,
  TierResult,
} from "./tier-model.js";
import { countTiers, resultAt, type OverrideOutcome, type TierResults } from "./tier-results.js";
import { computeWeights } from "./weights.js";

export type * from "./tier-model.js";

/** Looks up an indicator's points in row `offset` of a points matrix, by indicator name. */
function pointsLookup(column: ReadonlyMap<string, number>, p: Float64Array, offset: number) {
  return (indicator: string): number | undefined => {
    const j = column.get(indicator);
    return j === undefined ? undefined : p[offset + j];
  };
}

/** The pipeline for customers given one by one: the batch run, each result built as an object. */
export async function assignTiers(
  input: readonly CustomerInput[],
  cfg: TierInputConfig,
  opts: AssignOptions,
): Promise<AssignOutput> {
  const { results, model } = await assignBatch(inputBatch(input), cfg, opts);
  return { results: Array.from({ length: results.size }, (_, i) => resultAt(results, i)), model };
}

/**
 * The batch run. Results stay columnar (tier-results.ts): at a million customers, per-customer result
 * objects cost more memory and garbage collection than all the arithmetic, K-means included.
 */
export async function assignBatch(
  batch: CustomerBatch,
  cfg: TierInputConfig,
  opts: AssignOptions,
): Promise<{ results: TierResults; model: TierModel }> {
  const { scoring, tiers, rules } = cfg;
  const step = opts.onStep ?? (() => undefined);
  const order = tierOrder(tiers);
  const weights = computeWeights(scoring);
  const names = weights.indicators.map((w) => w.indicator);
  const column = new Map(names.map((name, j) => [name, j]));
  const specs: IndicatorSpec[] = weights.indicators.map((w) => {
    const s = scoring.indicators[w.indicator]!;
    return { indicator: w.indicator, feature: s.feature, direction: s.direction, transform: s.transform };
  });
  const n = batch.size;
  const d = specs.length;
  step("weights");
  const { params: normalisation, points } = normalise(specs, n, (f) => batch.featureColumn(f));
  // Distances in this space weigh each indicator by its importance. Shared memory: K-means threads read it.
  const x = new Float64Array(new SharedArrayBuffer(n * d * Float64Array.BYTES_PER_ELEMENT));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) x[i * d + j] = points[i * d + j]! * weights.indicators[j]!.weight;
  step("normalise");

  const cl = await clusterIntoTiers(x, d, order, scoring.kmeans, opts);
  const { labels, rank } = cl;
  step("kmeans");

  const score = new Float64Array(n);
  const thresholdIdx = new Int32Array(n);
  const model = new Int32Array(n);
  let agreeing = 0;
  for (let i = 0; i < n; i++) {
    let raw = 0;
    for (let j = 0; j < d; j++) raw += x[i * d + j]!;
    const s = (score[i] = roundScore(raw));
    const t = (thresholdIdx[i] = thresholdIndex(s, tiers));
    const k = labels ? rank[labels[i]!]! : null;
    if (k === t) agreeing++;
    model[i] = modelIndex(scoring.method, t, k, order.length);
  }
  step("score");

  // Rules read customer `at` through one lookup (decide.ts ruleFields' order), not an object per customer.
  const outcomes = new OutcomeTable(rules, order);
  const outcome = new Int32Array(n);
  const overridden = new Map<number, OverrideOutcome>();
  let at = 0;
  const pointsAt = (indicator: string): number | undefined => {
    const j = column.get(indicator);
    return j === undefined ? undefined : points[at * d + j];
  };
  const fields = (field: string): FieldValue => {
    switch (field) {
      case "previous_tier":
        return batch.previousTier(at);
      case "score":
        return score[at];
      case "model_tier":
        return order[model[at]!];
      case "cluster":
        return labels ? labels[at] : null;
    }
    return batch.ruleValue(at, field, pointsAt);
  };
  for (at = 0; at < n; at++) {
    const id = (outcome[at] = outcomes.decide(fields, model[at]!, batch.previousTier(at)));
    const own = batch.overrides(at);
    if (own?.length) {
      const over = applyOverrides(order[outcomes.list[id]!.tierIdx]!, own, order);
      overridden.set(at, { tierIdx: order.indexOf(over.tier), applied: over.applied });
    }
  }
  step("rules");

  const results: TierResults = {
    size: n,
    batch,
    order,
    indicators: names,
    weighted: x,
    score,
    labels,
    rank,
    thresholdIdx,
    outcome,
    outcomes: outcomes.list,
    overridden,
  };
  const tierModel: TierModel = {
    version: 1,
    method: scoring.method,
    seed: opts.seed,
    indicators: names,
    weights,
    normalisation,
    centroids: cl.centroids,
    centroid_scores: cl.centroidScores,
    cluster_sizes: cl.sizes,
    cluster_tiers: cl.clusterTiers,
    kmeans: cl.info,
    agreement: labels && n > 0 ? agreeing / n : null,
    tier_counts: countTiers(results),
  };
  return { results, model: tierModel };
}

/**
 * Re-scores one customer with a stored model (event-triggered re-evaluation): the run's
 * normalisation parameters, weights and method, the nearest stored centroid for the K-means tier,
 * and the tiers, rules and overrides given in `cfg` and the customer. A customer of the run gets
 * exactly the result the run gave it while the config is unchanged.
 */
export function scoreOne(
  customer: CustomerInput,
  model: TierModel,
  cfg: Pick<TierInputConfig, "tiers" | "rules">,
): TierResult {
  const order = tierOrder(cfg.tiers);
  const params = model.normalisation.indicators;
  const ws = model.weights.indicators;
  if (params.length !== ws.length || params.some((p, j) => p.indicator !== ws[j]!.indicator))
    throw new ConfigError("tier model: normalisation and weights list different indicators");
  for (const t of model.cluster_tiers)
    if (!order.includes(t))
      throw new ConfigError(`tier model: cluster tier ${t} is not in the configured tiers`);
  const d = params.length;
  const names = params.map((p) => p.indicator);
  const points = Float64Array.from(params, (p) => indicatorPoints(p, customer.features[p.feature]));
  const x = Float64Array.from(points, (v, j) => v * ws[j]!.weight);
  const score = roundScore(x.reduce((a, b) => a + b, 0));
  let cluster: number | null = null;
  let bestD = Infinity;
  for (let ci = 0; ci < model.centroids.length; ci++) {
    const c = model.centroids[ci]!;
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[t]! - c[t]!) ** 2;
    if (s < bestD) {
      bestD = s;
      cluster = ci; // lowest index on ties, as in the batch run
    }
  }
  const decided: Decided = {
    score,
    cluster,
    thresholdIdx: thresholdIndex(score, cfg.tiers),
    kmeansIdx: cluster === null ? null : order.indexOf(model.cluster_tiers[cluster]!),
    contributors: topContributors(names, x, 0),
    points: pointsLookup(new Map(names.map((name, j) => [name, j])), points, 0),
  };
  return finish(customer, decided, model.method, order, cfg.rules);
}
