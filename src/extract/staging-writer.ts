// The warehouse side of the extract: clears a run's staged rows for one source table, COPYs each
// partition in on its own connection, carries an earlier run's unchanged rows forward, records the result.
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { CANONICAL_FIELDS, type EntityName } from "../config/schema.js";
import { freshenForReads } from "../db/fresh-for-reads.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { PreviousExtract } from "./incremental.js";
import { type EntityPlan, STAGING_TABLE } from "./mapping.js";
import { PrefixLines } from "./prefix-lines.js";

// Table and column names below come from code (STAGING_TABLE, CANONICAL_FIELDS), never from config.
const fields = (plan: EntityPlan) => CANONICAL_FIELDS[plan.entity].join(", ");

/** Removes this run's staged rows, count and watermark for the table, so a retry starts clean. */
export async function resetStaging(db: Db, runId: string, plan: EntityPlan): Promise<void> {
  await inPgTransaction(db, async (c) => {
    await c.query(`DELETE FROM ${STAGING_TABLE[plan.entity]} WHERE run_id = $1 AND source = $2`, [
      runId,
      plan.source,
    ]);
    await c.query(sqlFile("extract/reset_entity"), [runId, plan.source, plan.entity]);
  });
}

/**
 * COPYs what `read` writes (COPY text lines of the canonical fields) into staging, numbering rows from
 * `rowNoBase` + 1. Returns the row count. One statement, so a failed partition leaves nothing behind.
 */
export async function copyIntoStaging(
  db: Db,
  runId: string,
  plan: EntityPlan,
  rowNoBase: number,
  read: (sink: Writable) => Promise<void>,
): Promise<number> {
  const cols = `run_id, source, row_no, ${fields(plan)}`;
  return withPgClient(db, async (client) => {
    const prefix = new PrefixLines(runId, plan.source, rowNoBase);
    const sink = client.query(copyFrom(`COPY ${STAGING_TABLE[plan.entity]} (${cols}) FROM STDIN`));
    // Both sides must settle before the connection goes back to the pool.
    const [r, w] = await Promise.allSettled([read(prefix), pipeline(prefix, sink)]);
    if (r.status === "rejected") throw r.reason;
    if (w.status === "rejected") throw w.reason;
    return prefix.rows;
  });
}

/**
 * Fresh planner statistics for the staging tables just loaded, and their new BRIN ranges summarised: the
 * clean reads the run's rows without the pages of every other run retention keeps.
 */
export async function analyzeStaging(db: Db, entities: Iterable<EntityName>): Promise<void> {
  await freshenForReads(
    db,
    [...new Set(entities)].map((e) => STAGING_TABLE[e]),
  );
}

export async function previousExtract(
  db: Db,
  runId: string,
  plan: EntityPlan,
): Promise<PreviousExtract | undefined> {
  return withPgClient(db, async (c) => {
    const r = await c.query<PreviousExtract>(sqlFile("extract/latest_watermark"), [
      plan.source,
      plan.entity,
      runId,
    ]);
    return r.rows[0];
  });
}

/** How many rows an earlier run still has staged for the table, and its highest row number. */
export async function stagedStats(
  db: Db,
  runId: string,
  plan: EntityPlan,
): Promise<{ rows: number; maxRowNo: number }> {
  const r = await db.raw<{ rows: { n: string; max: string | null }[] }>(
    `SELECT count(*)::bigint AS n, max(row_no) AS max FROM ${STAGING_TABLE[plan.entity]} WHERE run_id = ? AND source = ?`,
    [runId, plan.source],
  );
  const row = r.rows[0]!;
  return { rows: Number(row.n), maxRowNo: Number(row.max ?? 0) };
}

/** Copies the base run's rows whose key this run did not read again; returns how many. */
export async function carryForward(
  db: Db,
  runId: string,
  baseRunId: string,
  plan: EntityPlan,
): Promise<number> {
  const t = STAGING_TABLE[plan.entity];
  const f = fields(plan);
  const bf = CANONICAL_FIELDS[plan.entity].map((x) => `b.${x}`).join(", ");
  return withPgClient(db, async (c) => {
    const r = await c.query(
      `INSERT INTO ${t} (run_id, source, row_no, ${f})
       SELECT $1, b.source, b.row_no, ${bf} FROM ${t} b
       WHERE b.run_id = $2 AND b.source = $3
         AND NOT EXISTS (SELECT 1 FROM ${t} d WHERE d.run_id = $1 AND d.source = $3 AND d.source_key = b.source_key)`,
      [runId, baseRunId, plan.source],
    );
    return r.rowCount ?? 0;
  });
}

export interface ExtractRecord {
  mode: "full" | "incremental";
  watermark: string | null;
  baseRunId: string | null;
  rowsRead: number;
  rowsTotal: number;
  partitions: number;
  typedFields: Record<string, string>;
  sourceKeyUnique: boolean;
}

export async function recordExtract(
  db: Db,
  runId: string,
  plan: EntityPlan,
  r: ExtractRecord,
): Promise<void> {
  await withPgClient(db, (c) =>
    c.query(sqlFile("extract/record_extract"), [
      runId,
      plan.source,
      plan.entity,
      r.mode,
      plan.watermark?.column ?? null,
      r.watermark,
      plan.sql,
      r.baseRunId,
      r.rowsRead,
      r.rowsTotal,
      r.partitions,
      JSON.stringify(r.typedFields),
      r.sourceKeyUnique,
    ]),
  );
}
