// A job whose worker died more often than maxStalledCount is failed by BullMQ without reaching the
// stage runner, so nothing recorded it: do here what the runner does for a final failure.
import type { Job } from "bullmq";
import { notifyRunFailed, type AlertDeps } from "../alerts/alert.service.js";
import { getRun, getStages, stageFailed } from "../runs/ledger.js";
import type { Stage } from "../runs/quarter.js";

/** BullMQ's reason for a job failed by its stalled-job checker. */
export const STALLED_OUT = "job stalled more than allowable limit";

/** Fails the stage and its run in the ledger, and alerts, when the ledger still shows this job running. */
export async function recordStalledOut(
  deps: AlertDeps,
  stage: Stage,
  job: Pick<Job, "id" | "data">,
): Promise<boolean> {
  const runId = String((job.data as { runId?: unknown } | null)?.runId ?? "");
  const run = await getRun(deps.db, runId);
  const current = (await getStages(deps.db, runId)).find((s) => s.stage === stage);
  if (!run || current?.status !== "running" || current.job_id !== job.id) return false;
  const error = `the worker running this stage was lost more often than allowed (${STALLED_OUT}); was it killed or out of memory?`;
  await stageFailed(deps.db, runId, stage, error, true);
  const log = deps.log.child({ runId, stage, jobId: job.id });
  log.error("stage failed: its worker was lost too often");
  await notifyRunFailed(
    { ...deps, log },
    {
      runId,
      quarter: run.quarter,
      stage,
      error,
      flowAttempt: run.flow_attempt ?? 0,
    },
  );
  return true;
}
