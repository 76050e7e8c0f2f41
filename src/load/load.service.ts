// Load: publishes the run's quarter in one transaction — readers see the old quarter or the new one.
// The quarter's facts are a partition of marts.fct_customer_quarter (migration 0019), replaced whole.
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import { quoteIdent } from "../db/ident.js";
import { addQuarters, formatQuarter, localDate, parseQuarter, quarterBounds } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import { stepTimes } from "../runs/step-times.js";

export async function loadStage(ctx: StageContext): Promise<StageCounts> {
  const q = parseQuarter(ctx.quarter);
  // A quarter's tiers take effect on the first day of the next quarter (local calendar date).
  const effective = localDate(
    quarterBounds(addQuarters(q, 1), ctx.config.timezone).start,
    ctx.config.timezone,
  );
  // The validated quarter, written into DDL (which takes no bound values), and its partition's name
  // (2026Q3 → fct_customer_quarter_2026q3).
  const quarter = formatQuarter(q);
  const partition = `fct_customer_quarter_${quarter.toLowerCase()}`;
  const steps = stepTimes();
  const result = await inPgTransaction(ctx.db, async (client) => {
    // Serialise publishers so two loads of different quarters cannot interleave their SCD2 updates.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('retier.publish'))");
    const later = await client.query(
      "SELECT max(quarter) AS q FROM marts.published_quarters WHERE quarter > $1",
      [ctx.quarter],
    );
    // The features, tiers and golden records were written moments ago: without their real sizes the
    // planner guesses a few thousand rows and probes customer_tiers by index once per customer (at 1 M
    // customers: 31 s instead of 20 s).
    for (const t of ["core.customer_features", "core.customer_tiers", "core.int_customers_golden"])
      await client.query(`ANALYZE ${t}`);
    steps.lap("analyze");
    // The facts go into a new table, indexed once they are all in, which then takes the place of the
    // quarter's partition. Its CHECK lets the attach skip scanning it.
    await client.query(
      `CREATE TABLE marts.fct_customer_quarter_next (LIKE marts.fct_customer_quarter INCLUDING DEFAULTS,
         CHECK (quarter = '${quarter}'))`,
    );
    const fct = await client.query(sqlFile("load/insert_fct"), [ctx.runId, ctx.quarter]);
    steps.lap("facts");
    await client.query("ALTER TABLE marts.fct_customer_quarter_next ADD PRIMARY KEY (quarter, customer_id)");
    await client.query("ANALYZE marts.fct_customer_quarter_next");
    steps.lap("index");
    let opened = 0;
    // Tier history only moves forward: republishing an older quarter updates its facts, not the SCD2 chain.
    const historyUpdated = !later.rows[0]?.q;
    if (historyUpdated) {
      await client.query(sqlFile("load/scd2_undo"), [ctx.quarter, effective]);
      await client.query(sqlFile("load/scd2_reopen"), [effective]);
      await client.query(sqlFile("load/scd2_close"), [effective]);
      opened =
        (await client.query(sqlFile("load/scd2_open"), [ctx.quarter, effective, ctx.runId])).rowCount ?? 0;
      steps.lap("history");
    }
    // The swap, last: dropping the old partition locks the facts against readers until commit.
    // Rows of the quarter written by hand into the default partition would refuse the attach.
    await client.query("DELETE FROM marts.fct_customer_quarter_default WHERE quarter = $1", [ctx.quarter]);
    await client.query(`DROP TABLE IF EXISTS marts.${quoteIdent(partition)}`);
    await client.query(
      `ALTER TABLE marts.fct_customer_quarter ATTACH PARTITION marts.fct_customer_quarter_next
         FOR VALUES IN ('${quarter}')`,
    );
    await client.query(`ALTER TABLE marts.fct_customer_quarter_next RENAME TO ${quoteIdent(partition)}`);
    await client.query(
      `ALTER INDEX marts.fct_customer_quarter_next_pkey RENAME TO ${quoteIdent(`${partition}_pkey`)}`,
    );
    await client.query(
      `INSERT INTO marts.published_quarters (quarter, run_id, customers, published_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (quarter) DO UPDATE SET run_id = EXCLUDED.run_id, customers = EXCLUDED.customers, published_at = now()`,
      [ctx.quarter, ctx.runId, fct.rowCount ?? 0],
    );
    steps.lap("swap");
    return { customers: fct.rowCount ?? 0, opened, historyUpdated };
  });
  steps.lap("commit");
  if (!result.historyUpdated)
    ctx.log.warn(
      `a later quarter is already published: ${ctx.quarter} facts replaced, tier history left as is`,
    );
  ctx.log.info(
    `published ${ctx.quarter}: ${result.customers} customers, ${result.opened} tier changes in history`,
    { steps: steps.text() },
  );
  return {
    rowsOut: result.customers,
    details: { tierChanges: result.opened, effectiveDate: effective, historyUpdated: result.historyUpdated },
  };
}
