// Retention's shell: reads the ledger and the extract watermarks, lets retention-plan.ts decide, and
// deletes the chosen runs' per-source-row intermediates in batches, each its own short transaction.
import type pg from "pg";
import type { AppConfig } from "../config/load.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, withPgClient } from "../db/warehouse.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import {
  planRetention,
  PRUNED_TABLES,
  type PrunedTable,
  type RetentionDecision,
  type RetentionExtract,
  type RetentionRun,
} from "./retention-plan.js";

export interface RetentionDeps {
  db: Db;
  config: Pick<AppConfig, "retention">;
  log: Logger;
}

export interface PruneOptions {
  /** Count what would be deleted; change nothing. */
  dryRun?: boolean;
  /** Who prunes, for the run's events: the OS user, or "retention" after a run. */
  actor: string;
  /** Stops between batches (worker shutdown); the interrupted run is finished by the next prune. */
  signal?: AbortSignal;
}

export interface PrunedRun extends RetentionDecision {
  /** Rows deleted (dry run: that would be) per table. */
  rows: Record<PrunedTable, number>;
  total: number;
  /** Dry run: always. Otherwise false when a rerun took the run back or the signal stopped it. */
  done: boolean;
}

export interface PruneResult {
  /** Every run not yet pruned, with why it is kept or pruned. */
  decisions: RetentionDecision[];
  pruned: PrunedRun[];
  /** Set when nothing was done because another prune holds the lock. */
  busy?: boolean;
}

// A session lock: one prune at a time, though workers and the CLI may all start one.
const LOCK = "SELECT pg_try_advisory_lock(hashtext('retier.prune')) AS ok";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('retier.prune'))";

async function plan(c: pg.PoolClient, config: RetentionDeps["config"]): Promise<RetentionDecision[]> {
  const runs = (await c.query<RetentionRun>(sqlFile("retention/runs"))).rows;
  const extracts = (await c.query<RetentionExtract>(sqlFile("retention/extracts"))).rows;
  return planRetention(runs, extracts, config.retention);
}

const noRows = () => Object.fromEntries(PRUNED_TABLES.map((t) => [t, 0])) as Record<PrunedTable, number>;

// Table names below come from PRUNED_TABLES, never from config. Each table has an index led by run_id.
async function countRows(c: pg.PoolClient, runId: string): Promise<Record<PrunedTable, number>> {
  const rows = noRows();
  for (const t of PRUNED_TABLES) {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE run_id = $1`, [runId]);
    rows[t] = Number(r.rows[0]!.n);
  }
  return rows;
}

/**
 * Deletes one batch of a run's rows in `t` in its own transaction, holding the run's ledger row so a
 * rerun from extract cannot start rebuilding rows under it. Returns the rows deleted, or null when the
 * run is no longer being pruned.
 */
async function deleteBatch(
  c: pg.PoolClient,
  t: PrunedTable,
  runId: string,
  batchRows: number,
): Promise<number | null> {
  await c.query("BEGIN");
  try {
    const held = await c.query(sqlFile("retention/hold_run"), [runId]);
    if (!held.rowCount) {
      await c.query("ROLLBACK");
      return null;
    }
    const r = await c.query(
      `DELETE FROM ${t} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${t} WHERE run_id = $1 LIMIT $2))`,
      [runId, batchRows],
    );
    await c.query("COMMIT");
    return r.rowCount ?? 0;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

async function pruneRun(
  c: pg.PoolClient,
  deps: RetentionDeps,
  d: RetentionDecision,
  opts: PruneOptions,
): Promise<PrunedRun> {
  const log = deps.log.child({ runId: d.run_id });
  const rows = noRows();
  const result = (done: boolean): PrunedRun => ({
    ...d,
    rows,
    total: Object.values(rows).reduce((a, b) => a + b, 0),
    done,
  });
  const claimed = await c.query(sqlFile("retention/claim_run"), [d.run_id]);
  if (!claimed.rowCount) {
    log.info("prune skipped: the run became active or was pruned meanwhile");
    return result(false);
  }
  for (const t of PRUNED_TABLES) {
    for (;;) {
      if (opts.signal?.aborted) {
        log.warn(`prune interrupted after ${result(false).total} rows; the next prune finishes it`);
        return result(false);
      }
      const n = await deleteBatch(c, t, d.run_id, deps.config.retention.batch_rows);
      if (n === null) {
        log.info(`prune stopped after ${result(false).total} rows: the run is being rerun`);
        return result(false);
      }
      rows[t] += n;
      if (n < deps.config.retention.batch_rows) break;
    }
    if (rows[t]) log.info(`pruned ${rows[t]} rows of ${t}`);
  }
  const done = result(true);
  await c.query(sqlFile("retention/finish_run"), [
    d.run_id,
    done.total,
    opts.actor,
    d.reason,
    JSON.stringify(rows),
  ]);
  log.info(`pruned run ${d.run_id}: ${done.total} rows (${d.reason})`);
  return done;
}

/**
 * VACUUM (ANALYZE) of each table the prune deleted rows from, so that their space is reused by the next
 * runs' rows and the planner sees the smaller tables. PostgreSQL's autovacuum would do it in time where it
 * is on; where it is off (some servers run without it) the deleted rows' space was never reused and the
 * tables grew with every run. Stops between tables on the signal (the next prune does not redo it: a later
 * autovacuum or VACUUM does).
 */
async function vacuumPruned(c: pg.PoolClient, log: Logger, pruned: PrunedRun[], signal?: AbortSignal) {
  for (const t of PRUNED_TABLES) {
    if (signal?.aborted) return;
    if (!pruned.some((p) => p.rows[t] > 0)) continue;
    const t0 = performance.now();
    await c.query(`VACUUM (ANALYZE) ${t}`);
    log.info(`vacuumed ${t} after the prune in ${Math.round(performance.now() - t0)} ms`);
  }
}

/** Prunes (or, dry, counts) every run the retention plan chooses, oldest first. */
export async function pruneRuns(deps: RetentionDeps, opts: PruneOptions): Promise<PruneResult> {
  return withPgClient(deps.db, async (c) => {
    if (opts.dryRun) {
      const decisions = await plan(c, deps.config);
      const pruned: PrunedRun[] = [];
      for (const d of decisions.filter((x) => x.prune).reverse()) {
        const rows = await countRows(c, d.run_id);
        pruned.push({ ...d, rows, total: Object.values(rows).reduce((a, b) => a + b, 0), done: true });
      }
      return { decisions, pruned };
    }
    if (!(await c.query<{ ok: boolean }>(LOCK)).rows[0]!.ok) {
      deps.log.info("another prune is running; leaving it to that one");
      return { decisions: [], pruned: [], busy: true };
    }
    try {
      // Planned under the lock, so no other prune is between this plan and its deletes.
      const decisions = await plan(c, deps.config);
      const pruned: PrunedRun[] = [];
      for (const d of decisions.filter((x) => x.prune).reverse()) {
        if (opts.signal?.aborted) break;
        pruned.push(await pruneRun(c, deps, d, opts));
      }
      await vacuumPruned(c, deps.log, pruned, opts.signal);
      return { decisions, pruned };
    } finally {
      await c.query(UNLOCK).catch(() => undefined);
    }
  });
}

/**
 * After a run succeeded (stage-runner.ts): prunes when `retention.after_run` is on. The run is already
 * recorded as succeeded, so a failed prune is only logged; the next one resumes it.
 */
export async function pruneAfterRun(deps: RetentionDeps, signal?: AbortSignal): Promise<void> {
  if (!deps.config.retention.after_run) return;
  try {
    const r = await pruneRuns(deps, { actor: "retention", signal });
    const rows = r.pruned.reduce((n, p) => n + p.total, 0);
    if (r.pruned.length) deps.log.info(`retention: pruned ${r.pruned.length} run(s), ${rows} rows`);
  } catch (err) {
    deps.log.warn(`retention: prune failed (the next one resumes it): ${errorMessage(err)}`);
  }
}
