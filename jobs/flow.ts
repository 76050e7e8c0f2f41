// A run is one BullMQ flow: a linear chain, one job per stage of its kind (src/runs/kinds.ts). In a
// flow children run before their parent, so the last stage (email; clean for a sync) is the root and the
// first (extract) the deepest leaf.
import type { FlowJob, FlowProducer } from "bullmq";
import type { Stage } from "../src/runs/quarter.js";
import { stageJobId } from "../src/runs/ids.js";
import { queueName, type StagePayload } from "./queues.js";

export const JOB_OPTIONS = {
  attempts: 3,
  // Jitter spreads the retries of runs that failed together (a source down for everyone).
  backoff: { type: "exponential", delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: false,
} as const;

/**
 * The flow running `stages` (first to last: the run's remaining stages, from its own stage list) for
 * `payload`'s run; `attempt` > 0 makes fresh job ids (retries, reruns).
 */
export function buildFlow(payload: StagePayload, stages: readonly Stage[], attempt = 0): FlowJob {
  if (!stages.length) throw new Error(`run ${payload.runId}: a flow needs at least one stage`);
  let node: FlowJob | undefined;
  for (const stage of stages) {
    const job: FlowJob = {
      name: stage,
      queueName: queueName(stage),
      data: payload,
      opts: { ...JOB_OPTIONS, jobId: stageJobId(payload.runId, stage, attempt), failParentOnFailure: true },
      children: node ? [node] : undefined,
    };
    node = job;
  }
  return node!;
}

export async function enqueueRun(
  producer: FlowProducer,
  payload: StagePayload,
  stages: readonly Stage[],
  attempt = 0,
): Promise<void> {
  await producer.add(buildFlow(payload, stages, attempt));
}
