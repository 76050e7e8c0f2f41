// Tier: loads the run's features, scores and tiers every customer with the pure engine (assign.ts), warm-
// starting K-means from last quarter's model, and stores per-customer results and the model in one transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { encodeCopyRow } from "../db/copy.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { addQuarters, formatQuarter, localDate, parseQuarter, quarterBounds } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import { assignTiers } from "./assign.js";
import {
  configFeatures,
  overridesByCustomer,
  toCustomerInput,
  type FeatureRow,
  type OverrideRow,
} from "./customer-input.js";
import {
  configIndicators,
  stabilityOf,
  warmStartFrom,
  type PreviousModel,
  type StoredTierModel,
} from "./model-history.js";
import { tierOrder } from "./rules.js";

const TIER_COLUMNS = [
  "run_id",
  "customer_id",
  "score",
  "cluster",
  "threshold_tier",
  "kmeans_tier",
  "model_tier",
  "final_tier",
  "previous_tier",
  "rules_applied",
  "top_contributors",
  "tags",
  "is_override",
];

/** The last day of the quarter, in the configured time zone: overrides in force then apply. */
export function quarterLastDay(quarter: string, timezone: string): string {
  const end = quarterBounds(parseQuarter(quarter), timezone).end;
  return localDate(new Date(end.getTime() - 1), timezone);
}

export async function tierStage(ctx: StageContext): Promise<StageCounts> {
  const { config } = ctx;
  const onDate = quarterLastDay(ctx.quarter, config.timezone);
  const [features, overrides, previous] = await withPgClient(
    ctx.db,
    async (c) =>
      [
        (await c.query<FeatureRow>(sqlFile("tier/load_features"), [ctx.runId])).rows,
        (await c.query<OverrideRow>(sqlFile("tier/active_overrides"), [onDate])).rows,
        (await c.query<PreviousModel>(sqlFile("tier/previous_model"), [ctx.quarter])).rows[0] ?? null,
      ] as const,
  );
  const byCustomer = overridesByCustomer(overrides);
  const featureNames = configFeatures(config.scoring);
  const input = features.map((row) => toCustomerInput(row, featureNames, byCustomer.get(row.customer_id)));

  const warm = warmStartFrom(previous, configIndicators(config.scoring), config.tiers.length);
  const { results, model: engineModel } = assignTiers(input, config, {
    seed: config.scoring.seed,
    warmStart: warm.centroids ?? undefined,
  });
  const previousQuarter = formatQuarter(addQuarters(parseQuarter(ctx.quarter), -1));
  const model: StoredTierModel = {
    ...engineModel,
    warm_start_from: warm.centroids ? warm.from : null,
    warm_start_reason: warm.reason,
    stability: stabilityOf(results, tierOrder(config.tiers), previousQuarter),
  };
  await inPgTransaction(ctx.db, async (client) => {
    await client.query("DELETE FROM core.customer_tiers WHERE run_id = $1", [ctx.runId]);
    await client.query("DELETE FROM etl.tier_models WHERE run_id = $1", [ctx.runId]);
    await pipeline(
      Readable.from(
        (function* () {
          for (const r of results)
            yield encodeCopyRow([
              ctx.runId,
              r.customer_id,
              r.score,
              r.cluster,
              r.threshold_tier,
              r.kmeans_tier,
              r.model_tier,
              r.final_tier,
              r.previous_tier,
              JSON.stringify(r.rules_applied),
              JSON.stringify(r.top_contributors),
              r.tags,
              r.is_override,
            ]);
        })(),
      ),
      client.query(copyFrom(`COPY core.customer_tiers (${TIER_COLUMNS.join(", ")}) FROM STDIN`)),
    );
    await client.query(
      "INSERT INTO etl.tier_models (run_id, quarter, config_hash, model) VALUES ($1, $2, $3, $4)",
      [ctx.runId, ctx.quarter, config.configHash, JSON.stringify(model)],
    );
  });
  const changed = results.filter((r) => r.final_tier !== r.model_tier).length;
  ctx.log.info(`tiered ${results.length} customers; rules or overrides changed ${changed}`, {
    tierCounts: model.tier_counts.map((t) => `${t.tier}:${t.final}`).join(" "),
  });
  return {
    rowsIn: features.length,
    rowsOut: results.length,
    details: {
      changedByRules: changed,
      agreement: model.agreement,
      overrides: overrides.length,
      warmStart: model.kmeans.warm_start,
      stability: model.stability.rate,
    },
  };
}
