// Runs one stage job: checks the ledger, records start/success/failure, maps errors to retry policy,
// alerts the data engineers when a failure is final, and applies retention when a run succeeds.
import { type Job, UnrecoverableError } from "bullmq";
import type { AppConfig } from "../src/config/load.js";
import type { Db } from "../src/db/warehouse.js";
import { ConfigError, DataError, errorMessage } from "../src/errors.js";
import type { Logger } from "../src/log.js";
import { notifyRunFailed } from "../src/alerts/alert.service.js";
import { pruneAfterRun } from "../src/ops/retention.js";
import { jobAttempt } from "../src/runs/ids.js";
import {
  finishRunIfDone,
  getRun,
  getStages,
  stageFailed,
  stageStarted,
  stageSucceeded,
  type StageCounts,
} from "../src/runs/ledger.js";
import type { Stage } from "../src/runs/quarter.js";
import type { StageService } from "../src/runs/stage-context.js";
import { cleanJob } from "./clean.job.js";
import { dedupeJob } from "./dedupe.job.js";
import { emailJob } from "./email.job.js";
import { extractJob } from "./extract.job.js";
import { featuresJob } from "./features.job.js";
import { loadJob } from "./load.job.js";
import { parsePayload } from "./queues.js";
import { reportJob } from "./report.job.js";
import { tierJob } from "./tier.job.js";

export const STAGE_JOBS: Record<Stage, StageService> = {
  extract: extractJob,
  clean: cleanJob,
  dedupe: dedupeJob,
  features: featuresJob,
  tier: tierJob,
  load: loadJob,
  report: reportJob,
  email: emailJob,
};

export interface RunnerDeps {
  db: Db;
  config: AppConfig;
  log: Logger;
}

export async function runStageJob(
  deps: RunnerDeps,
  stage: Stage,
  job: Job,
  signal?: AbortSignal,
): Promise<StageCounts & { skipped?: boolean }> {
  const { runId, quarter } = parsePayload(job.data);
  const log = deps.log.child({ runId, stage, jobId: job.id });
  const run = await getRun(deps.db, runId);
  if (!run) throw new UnrecoverableError(`run ${runId} is not in the ledger`);
  if (run.status === "cancelled") throw new UnrecoverableError(`run ${runId} was cancelled`);
  // A retry or rerun replaced this job's flow (e.g. Redis came back with old jobs): do not run it twice.
  if (jobAttempt(job.id ?? "") !== (run.flow_attempt ?? 0))
    throw new UnrecoverableError(`job ${job.id} is from an abandoned flow of run ${runId}`);
  const current = (await getStages(deps.db, runId)).find((s) => s.stage === stage);
  if (current && (current.status === "succeeded" || current.status === "skipped")) {
    log.info(`stage already ${current.status}; nothing to do`);
    await finishRunIfDone(deps.db, runId);
    return { skipped: true };
  }
  const attempt = job.attemptsMade + 1;
  await stageStarted(deps.db, runId, stage, job.id ?? "");
  log.info(`stage started (attempt ${attempt})`);
  const t0 = performance.now();
  try {
    const counts = await STAGE_JOBS[stage]({
      db: deps.db,
      config: deps.config,
      runId,
      quarter,
      asOf: new Date(run.as_of_at),
      log,
      signal,
    });
    const ms = Math.round(performance.now() - t0);
    const runDone = await stageSucceeded(deps.db, runId, stage, {
      ...counts,
      details: { ...counts.details, ms },
    });
    log.info(`stage succeeded in ${ms} ms`, {
      rowsIn: counts.rowsIn,
      rowsOut: counts.rowsOut,
      rowsRejected: counts.rowsRejected,
    });
    // Retention after the run is recorded as succeeded: a slow or failed prune never holds it back.
    if (runDone) await pruneAfterRun({ ...deps, log }, signal);
    return counts;
  } catch (err) {
    const permanent =
      err instanceof DataError || err instanceof ConfigError || err instanceof UnrecoverableError;
    const final = permanent || attempt >= (job.opts.attempts ?? 1);
    const message = errorMessage(err);
    await stageFailed(deps.db, runId, stage, message, final).catch((e) =>
      log.error(`could not record failure: ${errorMessage(e)}`),
    );
    log.error(`stage failed${final ? "" : ", will retry"}: ${message}`, { attempt, final });
    if (final)
      await notifyRunFailed(
        { ...deps, log },
        {
          runId,
          quarter,
          stage,
          error: message,
          flowAttempt: run.flow_attempt ?? 0,
        },
      );
    if (permanent) throw new UnrecoverableError(message);
    throw err;
  }
}
