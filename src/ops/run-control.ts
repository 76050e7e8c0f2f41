// What data engineers do to a run: retry the failed stage, rerun from a stage, cancel, mark a stage by
// hand. The ledger changes (with who and why) commit first, then a fresh flow is enqueued from it, so
// this works whether or not Redis still holds the old flow.
import type { FlowProducer } from "bullmq";
import type { Knex } from "knex";
import { enqueueRun } from "../../jobs/flow.js";
import type { Db } from "../db/warehouse.js";
import { errorMessage } from "../errors.js";
import { stageJobId } from "../runs/ids.js";
import { finishRunIfDone, getRun, getStages, runEnqueueFailed, type RunRow } from "../runs/ledger.js";
import { STAGES, type Stage } from "../runs/quarter.js";
import { recordEvent } from "../runs/run-events.js";
import { liveJob, removeFlow, type StageQueues } from "./flow-jobs.js";
import { planRestart, prunedError, type RestartMode } from "./restart-plan.js";
import { STAGES_READING_PRUNED } from "./retention-plan.js";

export interface ControlDeps {
  db: Db;
  producer: FlowProducer;
  queues: StageQueues;
}

export interface Actor {
  /** The OS user running the CLI. */
  actor: string;
  reason?: string;
}

export interface RestartResult {
  runId: string;
  from: Stage;
  attempt: number;
  reset: Stage[];
  firstJobId: string;
}

async function loadRun(db: Db, runId: string): Promise<RunRow> {
  const run = await getRun(db, runId);
  if (!run) throw new Error(`run ${runId} is not in the ledger (see: retier runs)`);
  return run;
}

/**
 * Refuses to start a second flow while the current one can still make progress. A stage the ledger
 * shows as running with no job left in Redis was lost (worker killed, Redis emptied); only `force`
 * says that no process is still working on it.
 */
async function assertNotInProgress(deps: ControlDeps, run: RunRow, force: boolean): Promise<void> {
  const stages = await getStages(deps.db, run.run_id);
  const live = await liveJob(
    deps.queues,
    run.run_id,
    run.flow_attempt ?? 0,
    stages.map((s) => s.stage),
  );
  const running = stages.find((s) => s.status === "running");
  if (force) return;
  if (live)
    throw new Error(
      `run ${run.run_id} is still in progress: job ${live.jobId} is ${live.state} in BullMQ (wait, or cancel it first)`,
    );
  if (running && (run.status === "queued" || run.status === "running"))
    throw new Error(
      `stage ${running.stage} of run ${run.run_id} is recorded as running but its job is no longer in Redis; ` +
        `if no worker is still processing it, run the command again with --force`,
    );
}

const isActiveQuarterConflict = (err: unknown) =>
  (err as { constraint?: string }).constraint === "runs_one_active_per_quarter";

async function restart(
  deps: ControlDeps,
  runId: string,
  mode: RestartMode,
  who: Actor & { force?: boolean },
): Promise<RestartResult> {
  const { db } = deps;
  const run = await loadRun(db, runId);
  const stages = await getStages(db, runId);
  const plan = planRestart(run, stages, mode);
  if ("error" in plan) throw new Error(plan.error);
  await assertNotInProgress(deps, run, who.force === true);
  const attempt = (run.flow_attempt ?? 0) + 1;
  const previous = stages
    .filter((s) => plan.reset.includes(s.stage))
    .map((s) => ({ stage: s.stage, status: s.status, rows_out: s.rows_out, error: s.error }));
  try {
    await db.transaction(async (trx: Knex.Transaction) => {
      const update = trx("etl.runs").where({ run_id: runId, flow_attempt: run.flow_attempt ?? 0 });
      const change: Record<string, unknown> = {
        flow_attempt: attempt,
        status: "queued",
        finished_at: null,
        error: null,
      };
      // A prune may have started since the plan: only a rerun that extracts again may pass it, and
      // it rebuilds the rows (the prune stops at its next batch).
      if (plan.from === "extract") Object.assign(change, { pruned_at: null, pruned_rows: null });
      else if (mode.kind === "retry" || STAGES_READING_PRUNED.includes(plan.from))
        update.whereNull("pruned_at");
      const n = await update.update(change);
      if (n !== 1) {
        const now = await loadRun(trx, runId);
        if (now.pruned_at) throw new Error(prunedError(now));
        throw new Error(`run ${runId} changed while preparing the ${mode.kind}; try again`);
      }
      const reset: Record<string, unknown> = {
        status: "pending",
        started_at: null,
        finished_at: null,
        error: null,
      };
      // A rerun recomputes the stages: their old counts would mislead until they run again.
      if (mode.kind === "rerun")
        Object.assign(reset, {
          rows_in: null,
          rows_out: null,
          rows_rejected: null,
          details: "{}",
          job_id: null,
        });
      await trx("etl.stage_runs").where({ run_id: runId }).whereIn("stage", plan.reset).update(reset);
      await recordEvent(trx, {
        runId,
        event: mode.kind,
        stage: plan.from,
        actor: who.actor,
        reason: who.reason,
        details: { attempt, previous_status: run.status, reset: previous, forced: who.force === true },
      });
    });
  } catch (err) {
    if (!isActiveQuarterConflict(err)) throw err;
    const other = await db("etl.runs")
      .where({ quarter: run.quarter, kind: run.kind })
      .whereIn("status", ["queued", "running"])
      .first("run_id");
    throw new Error(
      `${run.quarter} has another active ${run.kind} run ${other?.run_id ?? "?"}: cancel it or let it finish first`,
      {
        cause: err,
      },
    );
  }
  try {
    await enqueueRun(deps.producer, { runId, quarter: run.quarter }, plan.flow, attempt);
  } catch (err) {
    await runEnqueueFailed(db, runId, errorMessage(err));
    await recordEvent(db, { runId, event: "enqueue_failed", stage: plan.from, actor: who.actor });
    throw new Error(`run ${runId}: the ${mode.kind} was recorded but its flow could not be enqueued`, {
      cause: err,
    });
  }
  return {
    runId,
    from: plan.from,
    attempt,
    reset: plan.reset,
    firstJobId: stageJobId(runId, plan.from, attempt),
  };
}

/** Enqueues the run again from its first stage that is not done; earlier stages' output is reused. */
export function retryRun(deps: ControlDeps, runId: string, who: Actor & { force?: boolean }) {
  return restart(deps, runId, { kind: "retry" }, who);
}

/** A new attempt that runs `from` and every stage after it again, whatever their status. */
export function rerunRun(deps: ControlDeps, runId: string, from: Stage, who: Actor & { force?: boolean }) {
  return restart(deps, runId, { kind: "rerun", from }, who);
}

/** Cancels a run: no further stage starts; a stage already running finishes; waiting jobs are removed. */
export async function cancelRun(
  deps: ControlDeps,
  runId: string,
  who: Actor,
): Promise<{ removedJobs: boolean; running: Stage | null }> {
  const { db } = deps;
  const run = await loadRun(db, runId);
  if (run.status === "succeeded" || run.status === "cancelled")
    throw new Error(`run ${runId} already ${run.status}`);
  await db.transaction(async (trx) => {
    await trx("etl.runs")
      .where({ run_id: runId })
      .whereNotIn("status", ["succeeded", "cancelled"])
      .update({
        status: "cancelled",
        finished_at: trx.fn.now(),
        error: `cancelled by ${who.actor}${who.reason ? `: ${who.reason}` : ""}`,
      });
    await recordEvent(trx, { runId, event: "cancel", actor: who.actor, reason: who.reason });
  });
  const order = (await getStages(db, runId)).map((s) => s.stage);
  const removedJobs = await removeFlow(deps.queues, runId, run.flow_attempt ?? 0, order).catch(() => false);
  const running = (await getStages(db, runId)).find((s) => s.status === "running")?.stage ?? null;
  return { removedJobs, running };
}

/**
 * Marks a stage skipped or succeeded by hand, recording who and why in the stage's details and in the
 * run's events. A later retry starts after it; when it completes the run, the run succeeds.
 */
export async function markStage(
  db: Db,
  runId: string,
  stage: Stage,
  status: "skipped" | "succeeded",
  who: Actor & { at: Date },
): Promise<{ runSucceeded: boolean }> {
  if (!STAGES.includes(stage))
    throw new Error(`unknown stage ${stage}: expected one of ${STAGES.join(", ")}`);
  if (!who.reason?.trim()) throw new Error("a reason is required (--reason)");
  const run = await loadRun(db, runId);
  const current = (await getStages(db, runId)).find((s) => s.stage === stage);
  if (!current) throw new Error(`run ${runId} has no stage ${stage}`);
  if (current.status === "running" && (run.status === "queued" || run.status === "running"))
    throw new Error(`stage ${stage} of run ${runId} is running: wait for it or cancel the run first`);
  const mark = {
    status,
    by: who.actor,
    reason: who.reason,
    at: who.at.toISOString(),
    previous: current.status,
  };
  await db.transaction(async (trx) => {
    await trx("etl.stage_runs")
      .where({ run_id: runId, stage })
      .update({
        status,
        finished_at: trx.fn.now(),
        error: null,
        details: trx.raw("details || ?::jsonb", [JSON.stringify({ marked: mark })]),
      });
    await recordEvent(trx, {
      runId,
      event: "stage_mark",
      stage,
      actor: who.actor,
      reason: who.reason,
      details: { status, previous: current.status },
    });
  });
  // While the run is active its last job finishes it; otherwise the mark may be what completes it.
  const active = run.status === "queued" || run.status === "running";
  return { runSucceeded: active ? false : await finishRunIfDone(db, runId) };
}
