// Features: one SQL statement in the warehouse computes every customer's indicators for the window.
import { assertIntermediates } from "../runs/intermediates.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { addQuarters, evaluationWindow, formatQuarter, parseQuarter } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";

export async function featuresStage(ctx: StageContext): Promise<StageCounts> {
  await assertIntermediates(ctx.db, ctx.runId, "features");
  const q = parseQuarter(ctx.quarter);
  const w = evaluationWindow(q, ctx.config.evaluation.window_months, ctx.config.timezone);
  const previousQuarter = formatQuarter(addQuarters(q, -1));
  const inserted = await inPgTransaction(ctx.db, async (client) => {
    await client.query("DELETE FROM core.customer_features WHERE run_id = $1", [ctx.runId]);
    // The clean and dedupe outputs were written moments ago: give the planner their real sizes.
    for (const t of [
      "core.int_orders",
      "core.int_order_lines",
      "core.int_payments",
      "core.int_credit",
      "core.int_customer_xref",
      "core.int_customers_golden",
    ])
      await client.query(`ANALYZE ${t}`);
    const r = await client.query(sqlFile("features/customer_features"), [
      ctx.runId,
      w.start,
      w.end,
      w.previousStart,
      previousQuarter,
    ]);
    return r.rowCount ?? 0;
  });
  ctx.log.info(
    `features for ${inserted} customers, window ${w.start.toISOString()} – ${w.end.toISOString()}`,
  );
  return {
    rowsOut: inserted,
    details: { windowStart: w.start.toISOString(), windowEnd: w.end.toISOString(), previousQuarter },
  };
}
