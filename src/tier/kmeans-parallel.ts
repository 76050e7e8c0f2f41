// K-means with its inits run in worker threads. The seeds are drawn in order on this thread (the
// seeded stream is the same as kmeans()'s) while the threads start; the next seed goes to whichever
// thread is free, which runs Lloyd from it over the rows in shared memory; and the best init wins as in
// kmeans(): lowest inertia, earliest on ties, wherever it ran. So the result is kmeans()'s, bit for bit,
// whatever the number of threads.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  better,
  kmeans,
  planKmeans,
  type InitResult,
  type KMeansOptions,
  type KMeansResult,
} from "./kmeans.js";

/** What a thread is started with (kmeans-thread.ts). */
export interface ThreadInput {
  rows: SharedArrayBuffer;
  d: number;
  k: number;
  maxIter: number;
  tolAbs: number;
}

/** A start posted to a thread; null: no more, post back the best. */
export interface ThreadStart {
  start: number;
  centres: Float64Array;
}

export interface ParallelOptions {
  /** Threads at most; default: the machine's cores. One thread (or one init) runs here, without workers. */
  threads?: number;
  /** Below this many rows × inits the work is too small to pay for starting threads (≈0.1 s each). */
  minWork?: number;
}

export async function kmeansParallel(
  x: Float64Array,
  d: number,
  opts: KMeansOptions,
  par: ParallelOptions = {},
): Promise<KMeansResult> {
  const plan = planKmeans(x, d, opts);
  const threads = Math.min(plan.runs, par.threads ?? availableParallelism());
  if (threads <= 1 || plan.n * plan.runs < (par.minWork ?? 1_000_000)) return kmeans(x, d, opts);

  // The threads read the rows where they are when they already lie in shared memory, else a copy.
  const whole = x.byteOffset === 0 && x.byteLength === x.buffer.byteLength;
  const rows =
    whole && x.buffer instanceof SharedArrayBuffer ? x.buffer : new SharedArrayBuffer(x.byteLength);
  if (rows !== x.buffer) new Float64Array(rows).set(x);
  const input: ThreadInput = { rows, d, k: plan.k, maxIter: plan.maxIter, tolAbs: plan.tolAbs };
  let next = 0;
  // A thread asks for work when it starts and after each init: the next seed, or null when none is left.
  const feed = () => (next < plan.runs ? { start: next, centres: plan.startAt(next++) } : null);
  const workers = Array.from({ length: threads }, () => startThread(input, feed));
  try {
    let best: InitResult | null = null;
    for (const r of await Promise.all(workers.map((w) => w.result))) best = better(best, r);
    const { start: _start, ...result } = best!;
    return result;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

function startThread(input: ThreadInput, feed: () => ThreadStart | null) {
  const worker = new Worker(new URL("./kmeans-thread.mjs", import.meta.url), { workerData: input });
  worker.postMessage(feed());
  const result = new Promise<InitResult>((resolve, reject) => {
    let best: InitResult | null = null;
    worker.on("message", (m: "ran" | InitResult) => (m === "ran" ? worker.postMessage(feed()) : (best = m)));
    worker.once("error", reject);
    worker.once("exit", (code) =>
      best
        ? resolve(best)
        : reject(new Error(`kmeans: a worker thread exited with code ${code} and no result`)),
    );
  });
  result.catch(() => {}); // awaited by the caller; until then not an unhandled rejection
  return { result, stop: async () => void (await worker.terminate()) };
}
