// Deterministic, BullMQ-safe identifiers for runs and their stage jobs. Pure.
import type { Stage } from "./quarter.js";

const SAFE = /^[A-Za-z0-9_-]+$/;

/** A run id: quarter, trigger and a caller-supplied stamp (time + randomness come from the shell). */
export function makeRunId(quarter: string, trigger: string, stamp: string): string {
  const id = `${quarter}-${trigger}-${stamp}`.replace(/[^A-Za-z0-9_-]/g, "");
  if (!SAFE.test(id) || /^\d+$/.test(id)) throw new Error(`bad run id ${id}`);
  return id;
}

/** Job id of a stage in a run: no ':' (BullMQ key separator), never all digits. */
export function stageJobId(runId: string, stage: Stage, attempt = 0): string {
  return attempt > 0 ? `${runId}__${stage}__a${attempt}` : `${runId}__${stage}`;
}

/**
 * The run id of a quarter's scheduled re-tier. Every scheduler derives the same id, so the primary key
 * lets exactly one of them insert it, even when the run already finished before a late (clock-skewed)
 * scheduler fires. Manual, backfill and demo runs have their own ids: a failed cron run blocks none.
 */
export function cronRunId(quarter: string): string {
  return makeRunId(quarter, "cron", "").replace(/-$/, "");
}

/**
 * The run id of a nightly sync fire: its quarter and the fire's local wall-clock time `stamp`
 * (YYYYMMDDTHHMMSS). Every scheduler derives the same id for a fire, so one of them inserts it.
 */
export function syncRunId(quarter: string, stamp: string): string {
  if (!/^\d{8}T\d{6}$/.test(stamp))
    throw new Error(`sync run id: expected a YYYYMMDDTHHMMSS stamp, got ${stamp}`);
  return makeRunId(quarter, "sync", stamp);
}

/** The flow attempt a stage job id belongs to (the inverse of stageJobId's suffix). */
export function jobAttempt(jobId: string): number {
  const m = /__a(\d+)$/.exec(jobId);
  return m ? Number(m[1]) : 0;
}
