// A run is one BullMQ flow: a linear chain, one job per stage. In a flow children run before their
// parent, so the last stage (email) is the root and the first (extract) the deepest leaf.
import type { FlowJob, FlowProducer } from "bullmq";
import { STAGES, type Stage } from "../src/runs/quarter.js";
import { stageJobId } from "../src/runs/ids.js";
import { queueName, type StagePayload } from "./queues.js";

export const JOB_OPTIONS = {
  attempts: 3,
  // Jitter spreads the retries of runs that failed together (a source down for everyone).
  backoff: { type: "exponential", delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: false,
} as const;

/** The flow for `payload`'s run from stage `from` to the end; `attempt` > 0 makes fresh job ids (reruns). */
export function buildFlow(payload: StagePayload, from: Stage = "extract", attempt = 0): FlowJob {
  const stages = STAGES.slice(STAGES.indexOf(from));
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
  from?: Stage,
  attempt = 0,
): Promise<void> {
  await producer.add(buildFlow(payload, from, attempt));
}
