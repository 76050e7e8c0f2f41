// Getting tables a stage has just filled ready for the next stage's queries: planner statistics, and
// summaries for the new page ranges of their BRIN indexes (sql/db/summarize_brin.sql).
import { sqlFile } from "./sql-file.js";
import { type Db, withPgClient } from "./warehouse.js";

/**
 * ANALYZE and BRIN summaries for each table, the tables at once (each its own statements, outside any
 * transaction: ANALYZE inside a long one would hold its lock to the end). Table names come from code.
 */
export async function freshenForReads(db: Db, tables: readonly string[]): Promise<void> {
  await Promise.all(
    tables.map(async (table) => {
      await db.raw(`ANALYZE ${table}`);
      await summarizeBrin(db, table);
    }),
  );
}

/** Summarises the table's BRIN page ranges that have none yet; returns how many. */
export async function summarizeBrin(db: Db, table: string): Promise<number> {
  return withPgClient(db, async (c) => {
    const r = await c.query<{ ranges: number }>(sqlFile("db/summarize_brin"), [table]);
    return r.rows[0]!.ranges;
  });
}
