// Benchmark: K-means on 1 000 000 × 8 Gaussian blobs, k = 4, 4 inits (DESIGN §11 target: within 2 s),
// on this thread (kmeans) and with the inits in worker threads (kmeansParallel, as the tier stage runs
// it; the same result, checked here). Run with `npx tsx src/tier/kmeans.bench.ts [n] [σ,σ,…]`; prints
// the median of 3 runs of each.
import { performance } from "node:perf_hooks";
import { kmeans, type KMeansResult } from "./kmeans.js";
import { kmeansParallel } from "./kmeans-parallel.js";
import { createRng } from "./rng.js";

const n = Number(process.argv[2] ?? 1_000_000);
// σ = 10: separate blobs (centres ~40 apart); σ = 30: heavily overlapping, many more iterations.
const sigmas = (process.argv[3] ?? "10,30").split(",").map(Number);
const d = 8;
const k = 4;

function blobs(sigma: number): Float64Array {
  const rng = createRng(7);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.next() * 100));
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = centres[i % k]!;
    for (let t = 0; t < d; t++) {
      const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()); // Box–Muller
      x[i * d + t] = c[t]! + sigma * g;
    }
  }
  return x;
}

const same = (a: KMeansResult, b: KMeansResult) =>
  a.inertia === b.inertia &&
  a.labels.every((v, i) => v === b.labels[i]) &&
  a.centroids.every((v, i) => v === b.centroids[i]);

for (const sigma of sigmas) {
  const x = blobs(sigma);
  for (const mode of ["one thread", "worker threads"] as const) {
    const times: number[] = [];
    let summary = "";
    for (let rep = 0; rep < 3; rep++) {
      const opts = { k, seed: 20260101 + rep, inits: 4, maxIter: 300, tol: 1e-4, sampleSize: 100_000 };
      const t0 = performance.now();
      const r = mode === "one thread" ? kmeans(x, d, opts) : await kmeansParallel(x, d, opts);
      times.push(performance.now() - t0);
      if (mode === "worker threads" && !same(r, kmeans(x, d, opts)))
        throw new Error("kmeansParallel differs from kmeans");
      summary = `inertia ${r.inertia.toExponential(6)}, best init ${r.iterations} iterations, sizes ${[...r.sizes].join("/")}`;
    }
    times.sort((a, b) => a - b);
    console.log(
      `kmeans ${n} × ${d}, k = ${k}, 4 inits, blobs σ = ${sigma}, ${mode}: median ${times[1]!.toFixed(0)} ms` +
        ` (runs ${times.map((t) => t.toFixed(0)).join(", ")} ms; ${summary})`,
    );
  }
}
