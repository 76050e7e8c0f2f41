// Features: the warehouse computes every customer's indicators for the window, in two steps. The run's
// orders, lines and payments are aggregated per customer in parts at once, one per connection (split by
// order key: an INSERT … SELECT never runs in parallel by itself); one transaction then combines the parts
// with the credit ratings and golden records into core.customer_features.
import { freshenForReads } from "../db/fresh-for-reads.js";
import { assertIntermediates } from "../runs/intermediates.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { addQuarters, evaluationWindow, formatQuarter, parseQuarter } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import type pg from "pg";

/**
 * Parts the order aggregation is split into, each a statement on its own connection. Two keeps both
 * cores of the design's machine busy; more parts only queue behind each other there.
 */
export const FEATURE_PARTS = 2;

export interface FeatureWindow {
  start: Date;
  end: Date;
  previousStart: Date;
  previousQuarter: string;
}

export function featureWindow(quarter: string, months: number, timezone: string): FeatureWindow {
  const q = parseQuarter(quarter);
  const w = evaluationWindow(q, months, timezone);
  return { ...w, previousQuarter: formatQuarter(addQuarters(q, -1)) };
}

/** Empties the run's parts (before they are written, and once they are combined or no longer wanted). */
export async function clearFeatureParts(client: pg.ClientBase, runId: string): Promise<void> {
  await client.query("DELETE FROM core.int_feature_parts WHERE run_id = $1", [runId]);
}

/** Writes the run's per-customer order aggregates into core.int_feature_parts, its parts at once. */
export async function writeFeatureParts(
  db: Db,
  runId: string,
  w: FeatureWindow,
  parts = FEATURE_PARTS,
): Promise<void> {
  await withPgClient(db, (c) => clearFeatureParts(c, runId));
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      withPgClient(db, (c) =>
        c.query(sqlFile("features/customer_feature_parts"), [
          runId,
          w.start,
          w.end,
          w.previousStart,
          part,
          parts,
        ]),
      ),
    ),
  );
}

/** Combines the run's parts into core.customer_features on `client` (in its transaction); returns the rows. */
export async function combineFeatureParts(
  client: pg.ClientBase,
  runId: string,
  w: FeatureWindow,
): Promise<number> {
  const r = await client.query(sqlFile("features/customer_features"), [runId, w.end, w.previousQuarter]);
  return r.rowCount ?? 0;
}

export async function featuresStage(ctx: StageContext): Promise<StageCounts> {
  await assertIntermediates(ctx.db, ctx.runId, "features");
  const w = featureWindow(ctx.quarter, ctx.config.evaluation.window_months, ctx.config.timezone);
  const t0 = performance.now();
  // The clean and dedupe outputs were written moments ago: give the planner their real sizes, and the
  // order tables' BRIN their new ranges (the run's rows without every retained run's pages).
  const fresh = (tables: string[]) => freshenForReads(ctx.db, tables);
  await fresh(["core.int_orders", "core.int_order_lines", "core.int_payments", "core.int_customer_xref"]);
  await writeFeatureParts(ctx.db, ctx.runId, w);
  await fresh(["core.int_feature_parts", "core.int_credit", "core.int_customers_golden"]);
  const partsMs = Math.round(performance.now() - t0);
  const inserted = await inPgTransaction(ctx.db, async (client) => {
    await client.query("DELETE FROM core.customer_features WHERE run_id = $1", [ctx.runId]);
    const n = await combineFeatureParts(client, ctx.runId, w);
    await clearFeatureParts(client, ctx.runId);
    return n;
  });
  ctx.log.info(
    `features for ${inserted} customers, window ${w.start.toISOString()} – ${w.end.toISOString()}`,
    { partsMs, combineMs: Math.round(performance.now() - t0) - partsMs },
  );
  return {
    rowsOut: inserted,
    details: {
      windowStart: w.start.toISOString(),
      windowEnd: w.end.toISOString(),
      previousQuarter: w.previousQuarter,
    },
  };
}
