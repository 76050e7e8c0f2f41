// BullMQ workers for every stage queue; SIGTERM (close()) lets the current job finish.
// Locks, not sandboxes: see the note on HEAVY below.
import { Worker } from "bullmq";
import { errorMessage } from "../src/errors.js";
import { recordStalledOut, STALLED_OUT } from "../src/ops/stalled.js";
import { STAGES, type Stage } from "../src/runs/quarter.js";
import { queueName, workerConnection } from "./queues.js";
import { type RunnerDeps, runStageJob } from "./stage-runner.js";

/**
 * Stages that hold a CPU-heavy section (dedupe's matching, tier's K-means, the workbook). BullMQ renews
 * a job's lock from the worker's event loop every lockDuration/2, so a lock is lost only when one
 * synchronous stretch blocks the loop for a whole lockDuration, not when a stage merely runs long.
 * Their longest stretches are seconds (K-means on 1M×8 ≈ 2 s), so a 10-minute lock is ample headroom,
 * and it keeps the stages in-process, sharing the pooled warehouse connections, the frozen config and
 * the logger. A sandboxed processor would pay a child process per job that reopens all of those, and
 * tsx in the child, to protect against blocks we do not have. The price of a long lock: a heavy stage
 * whose worker was killed is picked up again only after the lock expires (≤ lockDuration +
 * stalledInterval); other stages after about a minute.
 */
const HEAVY: ReadonlySet<Stage> = new Set(["dedupe", "tier", "report"]);
const HEAVY_LOCK_MS = 10 * 60_000;
const LOCK_MS = 60_000;

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

export interface WorkerOptions {
  stages?: readonly Stage[];
  concurrency?: number;
  /** One lock for every stage (tests that kill a worker and want quick stalled-job recovery). */
  lockDurationMs?: number;
  /** How often each worker looks for jobs whose lock expired (BullMQ default 30 s). */
  stalledIntervalMs?: number;
  /** Times a job may lose its worker before it fails (default 2). */
  maxStalledCount?: number;
}

export function startWorkers(deps: RunnerDeps, opts: WorkerOptions = {}): Workers {
  const connection = workerConnection(deps.config.env.redisUrl);
  const workers = (opts.stages ?? STAGES).map(
    (stage) =>
      new Worker(queueName(stage), (job, _token, signal) => runStageJob(deps, stage, job, signal), {
        connection,
        prefix: deps.config.env.queuePrefix,
        concurrency: opts.concurrency ?? 1,
        lockDuration: opts.lockDurationMs ?? (HEAVY.has(stage) ? HEAVY_LOCK_MS : LOCK_MS),
        ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
        maxStalledCount: opts.maxStalledCount ?? 2,
      }),
  );
  for (const [i, w] of workers.entries()) {
    const stage = (opts.stages ?? STAGES)[i]!;
    w.on("error", (err) => deps.log.error(`worker ${w.name}: ${err.message}`));
    w.on("failed", (job, err) => {
      if (job && err.message === STALLED_OUT)
        recordStalledOut(deps, stage, job).catch((e) =>
          deps.log.error(`could not record a stalled-out job: ${errorMessage(e)}`),
        );
    });
  }
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
