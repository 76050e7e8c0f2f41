// A run's intermediate tables (staging.*, core.int_* but the dedupe's) are UNLOGGED (migration 0013):
// a PostgreSQL crash empties them. etl.run_intermediates, unlogged as well, tells whether a run's are
// still there: the extract records the run before it stages anything, and a crash takes the record away
// together with the rows.
import type { Db } from "../db/warehouse.js";
import { DataError } from "../errors.js";

/** Records that the run is about to write its intermediate tables (the extract, before its first row). */
export async function markIntermediates(db: Db, runId: string): Promise<void> {
  await db.raw("INSERT INTO etl.run_intermediates (run_id) VALUES (?) ON CONFLICT (run_id) DO NOTHING", [
    runId,
  ]);
}

/**
 * Fails with a DataError (no retries: retrying cannot bring the rows back) when the run's intermediate
 * tables were emptied by a warehouse crash since its extract.
 */
export async function assertIntermediates(db: Db, runId: string, stage: string): Promise<void> {
  const found = await db("etl.run_intermediates").where({ run_id: runId }).first("run_id");
  if (!found)
    throw new DataError(
      `${stage}: run ${runId}'s staged and cleaned rows are gone — the warehouse restarted after a crash, ` +
        `which empties the unlogged intermediate tables (staging.*, core.int_*). ` +
        `Rerun from the extract: retier rerun ${runId} --from extract`,
    );
}
