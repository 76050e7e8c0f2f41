// Who did what to a run and why (etl.run_events): retries, reruns, cancels, stage marks, prunes.
import type { Knex } from "knex";
import type { Stage } from "./quarter.js";

export type RunEventKind = "retry" | "rerun" | "cancel" | "stage_mark" | "enqueue_failed" | "prune";

export interface RunEvent {
  runId: string;
  event: RunEventKind;
  stage?: Stage;
  /** The OS user of the CLI, or "scheduler"/"dashboard" for processes. */
  actor: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface RunEventRow {
  event_id: string;
  run_id: string;
  event: RunEventKind;
  stage: Stage | null;
  actor: string;
  reason: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

/** `db` may be a transaction, so the event commits with the change it records. */
export async function recordEvent(db: Knex, e: RunEvent): Promise<void> {
  await db("etl.run_events").insert({
    run_id: e.runId,
    event: e.event,
    stage: e.stage ?? null,
    actor: e.actor,
    reason: e.reason ?? null,
    details: JSON.stringify(e.details ?? {}),
  });
}

export async function listEvents(db: Knex, runId: string): Promise<RunEventRow[]> {
  return db("etl.run_events").where({ run_id: runId }).orderBy("event_id");
}
