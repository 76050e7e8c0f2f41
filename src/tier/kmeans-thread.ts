// The body of a K-means worker thread (entered through kmeans-thread.mjs): Lloyd from each start the
// main thread posts, over the rows it shares, answering "ran" after each; on the closing null, posts
// back its best init.
import { parentPort, workerData } from "node:worker_threads";
import { createWork } from "./kmeans-lloyd.js";
import { BestOfInits } from "./kmeans.js";
import type { ThreadInput, ThreadStart } from "./kmeans-parallel.js";

const input = workerData as ThreadInput;
const inits = new BestOfInits(
  createWork(new Float64Array(input.rows), input.d, input.k),
  input.maxIter,
  input.tolAbs,
);
const port = parentPort!;
port.on("message", (m: ThreadStart | null) => {
  if (m) {
    inits.run(m.start, m.centres);
    return port.postMessage("ran");
  }
  const best = inits.best!;
  // Handed over, not copied: these buffers were allocated in this thread (never shared).
  port.postMessage(
    best,
    [best.labels, best.centroids, best.sizes].map((a) => a.buffer as ArrayBuffer),
  );
  port.close();
});
