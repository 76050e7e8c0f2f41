// Starting a run: the ledger insert decides (one active run per quarter and kind, one row per run id);
// only its winner enqueues. A run whose flow could not be enqueued is failed at once, so it blocks no
// later run.
import { randomBytes } from "node:crypto";
import type { FlowProducer } from "bullmq";
import { enqueueRun } from "./flow.js";
import type { AppConfig } from "../src/config/load.js";
import type { Db } from "../src/db/warehouse.js";
import { makeRunId } from "../src/runs/ids.js";
import { errorMessage } from "../src/errors.js";
import { KIND_STAGES, type RunKind, SYNC_PARAMS } from "../src/runs/kinds.js";
import { createRun, runEnqueueFailed, type Trigger } from "../src/runs/ledger.js";
import { formatQuarter, parseQuarter } from "../src/runs/quarter.js";

export interface StartRunOptions {
  quarter: string;
  /** Default "retier"; a sync always runs with SYNC_PARAMS (an incremental extract). */
  kind?: RunKind;
  trigger: Trigger;
  now: Date;
  params?: Record<string, unknown>;
  /** Deterministic run id (cron fires); defaults to quarter + [sync-]trigger + time + random suffix. */
  runId?: string;
}

export type StartRunResult =
  | { started: true; runId: string }
  /** "active": the quarter has another active run of the kind; "exists": the (deterministic) run id is taken. */
  | { started: false; activeRunId: string; reason: "active" | "exists" };

export async function startRun(
  db: Db,
  config: AppConfig,
  producer: FlowProducer,
  opts: StartRunOptions,
): Promise<StartRunResult> {
  const quarter = formatQuarter(parseQuarter(opts.quarter));
  const kind = opts.kind ?? "retier";
  const stamp = `${opts.now.toISOString().replace(/[-:]/g, "").slice(0, 15)}-${randomBytes(2).toString("hex")}`;
  const runId =
    opts.runId ?? makeRunId(quarter, kind === "sync" ? `sync-${opts.trigger}` : opts.trigger, stamp);
  const created = await createRun(db, {
    runId,
    quarter,
    kind,
    trigger: opts.trigger,
    params: kind === "sync" ? { ...opts.params, ...SYNC_PARAMS } : (opts.params ?? {}),
    configHash: config.configHash,
    asOf: opts.now,
  });
  if (!created.created) return { started: false, activeRunId: created.activeRunId, reason: created.reason };
  try {
    await enqueueRun(producer, { runId, quarter }, KIND_STAGES[kind]);
  } catch (err) {
    await runEnqueueFailed(db, runId, errorMessage(err));
    throw new Error(`run ${runId} was recorded but its flow could not be enqueued`, { cause: err });
  }
  return { started: true, runId };
}
