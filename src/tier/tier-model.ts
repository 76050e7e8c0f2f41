// The shapes the tier stage consumes and produces: customers in, per-customer results and the stored
// model (etl.tier_models.model, JSON) out. Types only.
import type { Rule, ScoringConfig, TierConfig } from "../config/schema.js";
import type { NormParams } from "./normalise.js";
import type { FieldValue, Override, RuleApplied } from "./rules.js";
import type { Weights } from "./weights.js";

export type TierMethod = ScoringConfig["method"];

export interface CustomerInput {
  customer_id: string;
  /** Indicator features by feature name (revenue_cny, order_count, …); null when unknown. */
  features: Readonly<Record<string, number | null>>;
  /** Extra fields rules may test (credit_rating, defaults_12m, …). */
  fields: Readonly<Record<string, string | number | null>>;
  previous_tier: string | null;
  /** Active manual overrides and approved appeals, oldest first (the last one wins). */
  overrides?: readonly Override[];
}

/**
 * The customers as the batch engine reads them: by index, features column by column. The warehouse's
 * rows arrive as typed columns (feature-columns.ts); an array of CustomerInput is adapted the same way
 * (customer-input.ts), so both take one path through the engine.
 */
export interface CustomerBatch {
  readonly size: number;
  customerId(i: number): string;
  /** Raw values of one feature for every customer, NaN where missing; read once per indicator. */
  featureColumn(feature: string): Float64Array;
  previousTier(i: number): string | null;
  overrides(i: number): readonly Override[] | undefined;
  /**
   * What a rule reads under `name` for customer i once the computed values (score, model_tier, …)
   * are ruled out: the customer's own field, else its indicator points, else its raw feature (see
   * decide.ts ruleFields, the same order for one customer).
   */
  ruleValue(i: number, name: string, points: (indicator: string) => number | undefined): FieldValue;
}

export interface TierInputConfig {
  scoring: ScoringConfig;
  /** Highest first, as in config. */
  tiers: readonly TierConfig[];
  rules: readonly Rule[];
}

export interface AssignOptions {
  seed: number;
  /** Last run's centroids (TierModel.centroids) to start K-means from, for stable clusters. */
  warmStart?: readonly (readonly number[])[];
  /** Called after each step of the batch run (weights, normalise, kmeans, score, rules), e.g. to time it. */
  onStep?: (step: string) => void;
}

export interface Contributor {
  indicator: string;
  /** Score points this indicator earned: weight × normalised points. */
  points: number;
}

export interface TierResult {
  customer_id: string;
  /** 0–100, rounded to 1e-6 so threshold comparisons do not hinge on float noise. */
  score: number;
  /** K-means cluster, null when K-means could not run (fewer distinct customers than tiers). */
  cluster: number | null;
  threshold_tier: string;
  kmeans_tier: string | null;
  model_tier: string;
  final_tier: string;
  previous_tier: string | null;
  /** Every rule whose condition held, in order, then overrides; before = after when it changed nothing. */
  rules_applied: RuleApplied[];
  top_contributors: Contributor[];
  tags: string[];
  is_override: boolean;
}

export interface TierCount {
  tier: string;
  threshold: number;
  kmeans: number;
  model: number;
  final: number;
}

export interface KMeansInfo {
  status: "ran" | "skipped";
  /** Why K-means was skipped. */
  reason?: string;
  warm_start: "none" | "used" | "ignored";
  inits: number;
  max_iter: number;
  tol: number;
  sample_size: number;
  /** Lloyd iterations of the winning init. */
  iterations: number | null;
  inertia: number | null;
}

/** Everything needed to explain a run and re-score one customer later (see scoreOne). JSON-safe. */
export interface TierModel {
  version: 1;
  method: TierMethod;
  seed: number;
  /** Indicator names, the column order of centroids and normalisation. */
  indicators: string[];
  weights: Weights;
  normalisation: NormParams;
  /** k × d cluster centres in the weighted space (normalised points × weight); [] when skipped. */
  centroids: number[][];
  /** Per cluster: the centre's score (sum of its weighted coordinates), its size, and its tier. */
  centroid_scores: number[];
  cluster_sizes: number[];
  cluster_tiers: string[];
  kmeans: KMeansInfo;
  /** Share of customers whose threshold tier equals their K-means tier; null when K-means was skipped. */
  agreement: number | null;
  tier_counts: TierCount[];
}

export interface AssignOutput {
  results: TierResult[];
  model: TierModel;
}
