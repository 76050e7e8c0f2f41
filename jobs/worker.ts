// BullMQ workers for every stage queue. CPU-heavy stages get a long lock so a busy event loop does
// not make BullMQ think the job stalled; SIGTERM lets the current job finish.
import { Worker } from "bullmq";
import { STAGES, type Stage } from "../src/runs/quarter.js";
import { queueName, workerConnection } from "./queues.js";
import { type RunnerDeps, runStageJob } from "./stage-runner.js";

const HEAVY: ReadonlySet<Stage> = new Set(["dedupe", "tier", "report"]);

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

export function startWorkers(
  deps: RunnerDeps,
  opts: { stages?: readonly Stage[]; concurrency?: number } = {},
): Workers {
  const connection = workerConnection(deps.config.env.redisUrl);
  const workers = (opts.stages ?? STAGES).map(
    (stage) =>
      new Worker(queueName(stage), (job, _token, signal) => runStageJob(deps, stage, job, signal), {
        connection,
        prefix: deps.config.env.queuePrefix,
        concurrency: opts.concurrency ?? 1,
        lockDuration: HEAVY.has(stage) ? 10 * 60_000 : 60_000,
        maxStalledCount: 2,
      }),
  );
  for (const w of workers) w.on("error", (err) => deps.log.error(`worker ${w.name}: ${err.message}`));
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
