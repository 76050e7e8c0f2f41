// `retier score`: re-scores one customer with the stored model of the run that published a quarter (its
// features, normalisation, weights and centroids), with the configured tiers and rules and the overrides in
// force at the quarter's end, and returns it beside what the run stored.
import type { AppConfig } from "../config/load.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, withPgClient } from "../db/warehouse.js";
import { DataError } from "../errors.js";
import { formatQuarter, parseQuarter } from "../runs/quarter.js";
import { scoreOne } from "./assign.js";
import { modelFeatures, toCustomerInput, type FeatureRow, type OverrideRow } from "./customer-input.js";
import type { StoredResult } from "./explain.js";
import type { CustomerInput, TierModel, TierResult } from "./tier-model.js";
import { quarterLastDay } from "./tier.service.js";

export interface ScoredCustomer {
  quarter: string;
  runId: string;
  /** False when the config changed since the run (rules or tiers may differ from what the run used). */
  sameConfig: boolean;
  input: CustomerInput;
  model: TierModel;
  result: TierResult;
  stored: StoredResult | null;
}

export async function scoreCustomer(
  db: Db,
  config: AppConfig,
  customerId: string,
  quarter?: string,
): Promise<ScoredCustomer> {
  const wanted = quarter === undefined ? null : formatQuarter(parseQuarter(quarter));
  return withPgClient(db, async (c) => {
    const [pub] = (
      await c.query<{ quarter: string; run_id: string }>(sqlFile("tier/published_run"), [wanted])
    ).rows;
    if (!pub)
      throw new DataError(wanted ? `quarter ${wanted} is not published` : "no quarter is published yet");
    const [stored] = (
      await c.query<{ config_hash: string; model: TierModel }>(sqlFile("tier/tier_model"), [pub.run_id])
    ).rows;
    if (!stored)
      throw new DataError(`run ${pub.run_id} (${pub.quarter}) has no stored model in etl.tier_models`);
    const [row] = (await c.query<FeatureRow>(sqlFile("tier/customer_features"), [pub.run_id, customerId]))
      .rows;
    if (!row)
      throw new DataError(
        `customer ${customerId} was not scored in ${pub.quarter} (run ${pub.run_id}): no row in core.customer_features`,
      );
    const onDate = quarterLastDay(pub.quarter, config.timezone);
    const overrides = (await c.query<OverrideRow>(sqlFile("tier/customer_overrides"), [customerId, onDate]))
      .rows;
    const [prev] = (await c.query<StoredResult>(sqlFile("tier/customer_result"), [pub.run_id, customerId]))
      .rows;
    const input = toCustomerInput(
      row,
      modelFeatures(stored.model),
      overrides.map(({ customer_id: _id, ...o }) => o),
    );
    return {
      quarter: pub.quarter,
      runId: pub.run_id,
      sameConfig: stored.config_hash === config.configHash,
      input,
      model: stored.model,
      result: scoreOne(input, stored.model, config),
      stored: prev ?? null,
    };
  });
}
