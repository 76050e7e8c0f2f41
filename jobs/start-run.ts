// Starting a run: the ledger insert decides (one active run per quarter); only its winner enqueues.
import { randomBytes } from "node:crypto";
import type { FlowProducer } from "bullmq";
import { enqueueRun } from "./flow.js";
import type { AppConfig } from "../src/config/load.js";
import type { Db } from "../src/db/warehouse.js";
import { makeRunId } from "../src/runs/ids.js";
import { createRun, type Trigger } from "../src/runs/ledger.js";
import { formatQuarter, parseQuarter } from "../src/runs/quarter.js";

export interface StartRunOptions {
  quarter: string;
  trigger: Trigger;
  now: Date;
  params?: Record<string, unknown>;
  /** Deterministic run id (cron fires); defaults to quarter + trigger + time + random suffix. */
  runId?: string;
}

export type StartRunResult = { started: true; runId: string } | { started: false; activeRunId: string };

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
  if (!created.created) return { started: false, activeRunId: created.activeRunId };
  await enqueueRun(producer, { runId, quarter });
  return { started: true, runId };
}
