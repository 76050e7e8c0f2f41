// Tier: loads the run's features, scores and tiers every customer with the pure engine (assign.ts),
// and stores per-customer results and the model in one transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { encodeCopyRow } from "../db/copy.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { localDate, parseQuarter, quarterBounds } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import { assignTiers, type CustomerInput } from "./assign.js";
import type { Override } from "./rules.js";

interface FeatureRow {
  customer_id: string;
  previous_tier: string | null;
  credit_rating: string | null;
  [feature: string]: string | number | null;
}

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

export async function tierStage(ctx: StageContext): Promise<StageCounts> {
  const { config } = ctx;
  const quarterEnd = quarterBounds(parseQuarter(ctx.quarter), config.timezone).end;
  const onDate = localDate(new Date(quarterEnd.getTime() - 1), config.timezone);
  const [features, overrides] = await withPgClient(
    ctx.db,
    async (c) =>
      [
        (await c.query<FeatureRow>(sqlFile("tier/load_features"), [ctx.runId])).rows,
        (await c.query<Override & { customer_id: string }>(sqlFile("tier/active_overrides"), [onDate])).rows,
      ] as const,
  );
  const byCustomer = new Map<string, Override[]>();
  for (const { customer_id, ...o } of overrides)
    byCustomer.set(customer_id, [...(byCustomer.get(customer_id) ?? []), o]);

  const featureNames = new Set(Object.values(config.scoring.indicators).map((i) => i.feature));
  const input: CustomerInput[] = features.map((row) => {
    const feats: Record<string, number | null> = {};
    for (const f of featureNames) feats[f] = row[f] === null || row[f] === undefined ? null : Number(row[f]);
    const fields: Record<string, string | number | null> = { ...row };
    return {
      customer_id: row.customer_id,
      features: feats,
      fields,
      previous_tier: row.previous_tier,
      overrides: byCustomer.get(row.customer_id),
    };
  });

  const { results, model } = assignTiers(input, config, { seed: config.scoring.seed });
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
    details: { changedByRules: changed, agreement: model.agreement, overrides: overrides.length },
  };
}
