// Starting a run: the ledger insert decides (one active run per quarter, one row per run id); only its
// winner enqueues. A run whose flow could not be enqueued is failed at once, so it blocks no later run.
import { randomBytes } from "node:crypto";
import type { FlowProducer } from "bullmq";
import { enqueueRun } from "./flow.js";
import type { AppConfig } from "../src/config/load.js";
import type { Db } from "../src/db/warehouse.js";
import { makeRunId } from "../src/runs/ids.js";
import { errorMessage } from "../src/errors.js";
import { createRun, runEnqueueFailed, type Trigger } from "../src/runs/ledger.js";
import { formatQuarter, parseQuarter } from "../src/runs/quarter.js";

export interface StartRunOptions {
  quarter: string;
  trigger: Trigger;
  now: Date;
  params?: Record<string, unknown>;
  /** Deterministic run id (cron fires); defaults to quarter + trigger + time + random suffix. */
  runId?: string;
}

export type StartRunResult =
  | { started: true; runId: string }
  /** "active": the quarter has another active run; "exists": the (deterministic) run id is taken. */
  | { started: false; activeRunId: string; reason: "active" | "exists" };

export async function startRun(
  db: Db,
  config: AppConfig,
  producer: FlowProducer,
  opts: StartRunOptions,
): Promise<StartRunResult> {
  const quarter = formatQuarter(parseQuarter(opts.quarter));
  const stamp = `${opts.now.toISOString().replace(/[-:]/g, "").slice(0, 15)}-${randomBytes(2).toString("hex")}`;
  const runId = opts.runId ?? makeRunId(quarter, opts.trigger, stamp);
  const created = await createRun(db, {
    runId,
    quarter,
    trigger: opts.trigger,
    params: opts.params ?? {},
    configHash: config.configHash,
    asOf: opts.now,
  });
  if (!created.created) return { started: false, activeRunId: created.activeRunId, reason: created.reason };
  try {
    await enqueueRun(producer, { runId, quarter });
  } catch (err) {
    await runEnqueueFailed(db, runId, errorMessage(err));
    throw new Error(`run ${runId} was recorded but its flow could not be enqueued`, { cause: err });
  }
  return { started: true, runId };
}
