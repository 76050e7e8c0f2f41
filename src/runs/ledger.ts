// The run ledger in Postgres (etl.runs, etl.stage_runs): the source of truth; BullMQ only executes.
import type { Db } from "../db/warehouse.js";
import { KIND_STAGES, type RunKind } from "./kinds.js";
import type { Stage } from "./quarter.js";

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type Trigger = "cron" | "manual" | "backfill" | "retry" | "event" | "demo";

export interface RunRow {
  run_id: string;
  quarter: string;
  /** retier: the quarterly flow; sync: the nightly extract → clean (see kinds.ts). */
  kind: RunKind;
  trigger: Trigger;
  params: Record<string, unknown>;
  config_hash: string;
  status: RunStatus;
  as_of_at: Date;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  /** Bumped by every retry/rerun: the current flow's job ids end in __a<flow_attempt> (0: none). */
  flow_attempt: number;
  /** Retention deleted its staging.stg_* and core.int_* rows (src/ops/retention-plan.ts); a retry is refused. */
  pruned_at: Date | null;
  /** Rows the prune deleted; null while (or if) it has not finished. */
  pruned_rows: string | null;
}

export interface StageRow {
  run_id: string;
  stage: Stage;
  status: "pending" | "running" | "succeeded" | "failed" | "skipped";
  attempts: number;
  job_id: string | null;
  rows_in: string | null;
  rows_out: string | null;
  rows_rejected: string | null;
  details: Record<string, unknown>;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

export interface StageCounts {
  rowsIn?: number;
  rowsOut?: number;
  rowsRejected?: number;
  details?: Record<string, unknown>;
}

export interface NewRun {
  runId: string;
  quarter: string;
  /** Default "retier". */
  kind?: RunKind;
  trigger: Trigger;
  params: Record<string, unknown>;
  configHash: string;
  asOf: Date;
}

export type CreateRunResult =
  | { created: true }
  /** "active": the quarter already has a queued or running run of this kind; "exists": this run id is taken. */
  | { created: false; activeRunId: string; reason: "active" | "exists" };

/**
 * Inserts the run and its kind's pending stages. Refused when the quarter already has an active run of
 * the same kind, or when the run id exists (a deterministic id such as a cron fire's, inserted by
 * another scheduler).
 */
export async function createRun(db: Db, run: NewRun): Promise<CreateRunResult> {
  const kind = run.kind ?? "retier";
  try {
    await db.transaction(async (trx) => {
      await trx("etl.runs").insert({
        run_id: run.runId,
        quarter: run.quarter,
        kind,
        trigger: run.trigger,
        params: JSON.stringify(run.params),
        config_hash: run.configHash,
        as_of_at: run.asOf,
      });
      await trx("etl.stage_runs").insert(
        KIND_STAGES[kind].map((stage, i) => ({ run_id: run.runId, stage, stage_order: i })),
      );
    });
    return { created: true };
  } catch (err) {
    const constraint = (err as { constraint?: string }).constraint;
    if (constraint === "runs_pkey") return { created: false, activeRunId: run.runId, reason: "exists" };
    if (constraint !== "runs_one_active_per_quarter") throw err;
    const active = await db("etl.runs")
      .where({ quarter: run.quarter, kind })
      .whereIn("status", ["queued", "running"])
      .first("run_id");
    return { created: false, activeRunId: active?.run_id ?? "?", reason: "active" };
  }
}

export async function getRun(db: Db, runId: string): Promise<RunRow | undefined> {
  return db("etl.runs").where({ run_id: runId }).first();
}

export async function getStages(db: Db, runId: string): Promise<StageRow[]> {
  return db("etl.stage_runs").where({ run_id: runId }).orderBy("stage_order");
}

export async function listRuns(
  db: Db,
  filter: { status?: string; quarter?: string; kind?: RunKind; limit?: number } = {},
): Promise<RunRow[]> {
  const q = db("etl.runs")
    .orderBy("created_at", "desc")
    .limit(filter.limit ?? 50);
  if (filter.status) q.where({ status: filter.status });
  if (filter.quarter) q.where({ quarter: filter.quarter });
  if (filter.kind) q.where({ kind: filter.kind });
  return q;
}

export async function stageStarted(db: Db, runId: string, stage: Stage, jobId: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx("etl.stage_runs")
      .where({ run_id: runId, stage })
      .update({
        status: "running",
        job_id: jobId,
        // Counts every start across BullMQ attempts, stalled restarts, retries and reruns.
        attempts: trx.raw("attempts + 1"),
        started_at: trx.fn.now(),
        finished_at: null,
        error: null,
      });
    await trx("etl.runs")
      .where({ run_id: runId })
      .whereIn("status", ["queued", "failed"])
      .update({
        status: "running",
        started_at: trx.raw("coalesce(started_at, now())"),
        error: null,
        finished_at: null,
      });
  });
}

/** Returns true when the stage was the run's last and the run is now succeeded. */
export async function stageSucceeded(
  db: Db,
  runId: string,
  stage: Stage,
  counts: StageCounts,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    await trx("etl.stage_runs")
      .where({ run_id: runId, stage })
      .update({
        status: "succeeded",
        rows_in: counts.rowsIn ?? null,
        rows_out: counts.rowsOut ?? null,
        rows_rejected: counts.rowsRejected ?? null,
        details: JSON.stringify(counts.details ?? {}),
        finished_at: trx.fn.now(),
        error: null,
      });
    // The run's own last stage (email for a re-tier, clean for a sync) finishes it. A cancelled run
    // stays cancelled even if a stage that was already running finishes.
    const last = await trx("etl.stage_runs")
      .where({ run_id: runId })
      .orderBy("stage_order", "desc")
      .first<{ stage: Stage } | undefined>("stage");
    if (last?.stage !== stage) return false;
    const n = await trx("etl.runs")
      .where({ run_id: runId })
      .whereNot({ status: "cancelled" })
      .update({ status: "succeeded", finished_at: trx.fn.now(), error: null });
    return n > 0;
  });
}

/** Records an attempt's error; when `final`, the stage and the run are failed. */
export async function stageFailed(
  db: Db,
  runId: string,
  stage: Stage,
  error: string,
  final: boolean,
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx("etl.stage_runs")
      .where({ run_id: runId, stage })
      .update({ status: final ? "failed" : "running", error, finished_at: final ? trx.fn.now() : null });
    if (final)
      await trx("etl.runs")
        .where({ run_id: runId })
        .whereNot({ status: "cancelled" })
        .update({ status: "failed", finished_at: trx.fn.now(), error: `${stage}: ${error}` });
  });
}

/** The flow could not be enqueued after the run row was written: fail the run so it blocks nothing. */
export async function runEnqueueFailed(db: Db, runId: string, error: string): Promise<void> {
  await db("etl.runs")
    .where({ run_id: runId })
    .whereIn("status", ["queued", "running"])
    .update({ status: "failed", finished_at: db.fn.now(), error: `enqueue: ${error}` });
}

/** A run whose stages are all succeeded or skipped (some marked by hand) has succeeded. */
export async function finishRunIfDone(db: Db, runId: string): Promise<boolean> {
  const n = await db("etl.runs")
    .where({ run_id: runId })
    .whereIn("status", ["queued", "running", "failed"])
    .whereRaw(
      "NOT EXISTS (SELECT 1 FROM etl.stage_runs s WHERE s.run_id = runs.run_id AND s.status NOT IN ('succeeded', 'skipped'))",
    )
    .update({ status: "succeeded", finished_at: db.fn.now(), error: null });
  return n > 0;
}
