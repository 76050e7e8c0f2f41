// The BullMQ side of a run's current flow: which of its stage jobs are still alive in Redis, and
// removing the ones not yet running (cancel). The ledger decides; this only looks and tidies.
import { Queue } from "bullmq";
import { producerConnection, queueName } from "../../jobs/queues.js";
import type { AppConfig } from "../config/load.js";
import { stageJobId } from "../runs/ids.js";
import { STAGES, type Stage } from "../runs/quarter.js";

export type StageQueues = Readonly<Record<Stage, Queue>>;

export interface LiveJob {
  stage: Stage;
  jobId: string;
  state: string;
}

export function openStageQueues(config: AppConfig): { queues: StageQueues; close(): Promise<void> } {
  const entries = STAGES.map(
    (stage) =>
      [
        stage,
        new Queue(queueName(stage), {
          connection: producerConnection(config.env.redisUrl),
          prefix: config.env.queuePrefix,
        }),
      ] as const,
  );
  const queues = Object.fromEntries(entries) as Record<Stage, Queue>;
  return { queues, close: async () => void (await Promise.all(entries.map(([, q]) => q.close()))) };
}

/**
 * The job through which the run's flow attempt `attempt` can still progress, if any. The flow is a
 * chain, so that is its lowest job not yet completed, provided it can run: a failed one, one waiting
 * with a deferred failure (its child failed), or one waiting for a child that Redis lost, ends the chain.
 * `stages`: the run's own stage list, in order.
 */
export async function liveJob(
  queues: StageQueues,
  runId: string,
  attempt: number,
  stages: readonly Stage[] = STAGES,
): Promise<LiveJob | null> {
  for (const stage of stages) {
    const jobId = stageJobId(runId, stage, attempt);
    const state = await queues[stage].getJobState(jobId);
    // Stages before the attempt's first stage are not in its flow; completed ones are behind it.
    if (state === "unknown" || state === "completed") continue;
    if (state === "failed" || state === "waiting-children") return null;
    const job = await queues[stage].getJob(jobId);
    return job && !job.deferredFailure ? { stage, jobId, state } : null;
  }
  return null;
}

/**
 * Removes the flow of attempt `attempt` from its root (the run's last stage) down. BullMQ refuses while
 * a job of it is locked by a worker: that stage then finishes, and the next one sees the cancelled run.
 */
export async function removeFlow(
  queues: StageQueues,
  runId: string,
  attempt: number,
  stages: readonly Stage[] = STAGES,
): Promise<boolean> {
  const last = stages[stages.length - 1]!;
  const removed = await queues[last].remove(stageJobId(runId, last, attempt), { removeChildren: true });
  return removed === 1;
}
