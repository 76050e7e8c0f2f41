// Tier: streams the run's features into typed columns, scores and tiers every customer with the pure engine
// (assign.ts), warm-starting K-means from last quarter's model, and stores per-customer results (streamed
// to COPY from the columnar results) and the model in one transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { cursorBatches } from "../db/cursor.js";
import { stepTimes } from "../runs/step-times.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { addQuarters, formatQuarter, localDate, parseQuarter, quarterBounds } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import { assignBatch } from "./assign.js";
import { overridesByCustomer, type FeatureRow, type OverrideRow } from "./customer-input.js";
import { FeatureColumns } from "./feature-columns.js";
import {
  configIndicators,
  stabilityOfTiers,
  warmStartFrom,
  type PreviousModel,
  type StoredTierModel,
} from "./model-history.js";
import { tierOrder } from "./rules.js";
import { countChanged, finalIdx } from "./tier-results.js";
import { TIER_COLUMNS, tierCopyChunks } from "./tier-rows.js";

/** The last day of the quarter, in the configured time zone: overrides in force then apply. */
export function quarterLastDay(quarter: string, timezone: string): string {
  const end = quarterBounds(parseQuarter(quarter), timezone).end;
  return localDate(new Date(end.getTime() - 1), timezone);
}

export async function tierStage(ctx: StageContext): Promise<StageCounts> {
  const { config } = ctx;
  const onDate = quarterLastDay(ctx.quarter, config.timezone);
  const steps = stepTimes();
  const { features, overrides, previous } = await withPgClient(ctx.db, async (c) => {
    const overrides = (await c.query<OverrideRow>(sqlFile("tier/active_overrides"), [onDate])).rows;
    const previous =
      (await c.query<PreviousModel>(sqlFile("tier/previous_model"), [ctx.quarter])).rows[0] ?? null;
    // Through a cursor into typed columns: only a batch of row objects is alive at a time, never all of
    // them; the next batch is read while this one is filed.
    const features = new FeatureColumns(overridesByCustomer(overrides));
    for await (const batch of cursorBatches<FeatureRow>(c, sqlFile("tier/load_features"), [ctx.runId]))
      for (const row of batch) features.push(row);
    return { features, overrides, previous };
  });
  steps.lap("read");
  const order = tierOrder(config.tiers);
  const warm = warmStartFrom(previous, configIndicators(config.scoring), config.tiers.length);
  const { results, model: engineModel } = await assignBatch(features, config, {
    seed: config.scoring.seed,
    warmStart: warm.centroids ?? undefined,
    onStep: (step) => {
      steps.lap(step);
      ctx.signal?.throwIfAborted();
    },
  });
  const previousQuarter = formatQuarter(addQuarters(parseQuarter(ctx.quarter), -1));
  const model: StoredTierModel = {
    ...engineModel,
    warm_start_from: warm.centroids ? warm.from : null,
    warm_start_reason: warm.reason,
    stability: stabilityOfTiers(
      results.size,
      (i) => features.previousTier(i),
      (i) => order[finalIdx(results, i)]!,
      order,
      previousQuarter,
    ),
  };
  await inPgTransaction(ctx.db, async (client) => {
    await client.query("DELETE FROM core.customer_tiers WHERE run_id = $1", [ctx.runId]);
    await client.query("DELETE FROM etl.tier_models WHERE run_id = $1", [ctx.runId]);
    await pipeline(
      Readable.from(tierCopyChunks(ctx.runId, results)),
      client.query(copyFrom(`COPY core.customer_tiers (${TIER_COLUMNS.join(", ")}) FROM STDIN`)),
    );
    await client.query(
      "INSERT INTO etl.tier_models (run_id, quarter, config_hash, model) VALUES ($1, $2, $3, $4)",
      [ctx.runId, ctx.quarter, config.configHash, JSON.stringify(model)],
    );
  });
  steps.lap("write");
  const changed = countChanged(results);
  ctx.log.info(`tiered ${results.size} customers; rules or overrides changed ${changed}`, {
    tierCounts: model.tier_counts.map((t) => `${t.tier}:${t.final}`).join(" "),
    steps: steps.text(),
  });
  return {
    rowsIn: features.size,
    rowsOut: results.size,
    details: {
      changedByRules: changed,
      agreement: model.agreement,
      overrides: overrides.length,
      warmStart: model.kmeans.warm_start,
      stability: model.stability.rate,
    },
  };
}
