// Turns warehouse rows (core.customer_features, etl.overrides) into the engine's input: CustomerInput for
// re-scoring one customer, and CustomerInput lists as a batch. The batch run reads the same rows column by
// column (feature-columns.ts) with the same conversions, so both see identical numbers. Pure.
import type { ScoringConfig } from "../config/schema.js";
import { customerRuleValue } from "./decide.js";
import type { Override } from "./rules.js";
import type { CustomerBatch, CustomerInput, TierModel } from "./tier-model.js";

/** One row of sql/tier/load_features.sql (or customer_features.sql). */
export interface FeatureRow {
  customer_id: string;
  previous_tier: string | null;
  credit_rating: string | null;
  [feature: string]: string | number | null;
}

export type OverrideRow = Override & { customer_id: string };

/** The feature columns the configured indicators read. */
export function configFeatures(scoring: ScoringConfig): Set<string> {
  return new Set(Object.values(scoring.indicators).map((i) => i.feature));
}

/** The feature columns a stored model's indicators read. */
export function modelFeatures(model: TierModel): Set<string> {
  return new Set(model.normalisation.indicators.map((p) => p.feature));
}

/** Overrides by customer, keeping their order (oldest first: the last one wins). */
export function overridesByCustomer(rows: readonly OverrideRow[]): Map<string, Override[]> {
  const by = new Map<string, Override[]>();
  for (const { customer_id, ...o } of rows) {
    const list = by.get(customer_id);
    if (list) list.push(o);
    else by.set(customer_id, [o]);
  }
  return by;
}

export function toCustomerInput(
  row: FeatureRow,
  featureNames: ReadonlySet<string>,
  overrides: readonly Override[] | undefined,
): CustomerInput {
  const features: Record<string, number | null> = {};
  for (const f of featureNames) features[f] = row[f] === null || row[f] === undefined ? null : Number(row[f]);
  return {
    customer_id: row.customer_id,
    features,
    fields: { ...row },
    previous_tier: row.previous_tier,
    overrides,
  };
}

/** Customers given one by one (tests, small callers) as the batch engine's input. */
export function inputBatch(input: readonly CustomerInput[]): CustomerBatch {
  return {
    size: input.length,
    customerId: (i) => input[i]!.customer_id,
    featureColumn: (feature) => Float64Array.from(input, (c) => c.features[feature] ?? NaN),
    previousTier: (i) => input[i]!.previous_tier,
    overrides: (i) => input[i]!.overrides,
    ruleValue: (i, name, points) => customerRuleValue(input[i]!, name, points),
  };
}
