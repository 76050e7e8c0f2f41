// Benchmark: K-means on 1 000 000 × 8 Gaussian blobs, k = 4, 4 inits (DESIGN §11 target: within 2 s
// on one core). Run with `npx tsx src/tier/kmeans.bench.ts [n] [σ,σ,…]`; prints the median of 3 runs.
import { performance } from "node:perf_hooks";
import { kmeans } from "./kmeans.js";
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

for (const sigma of sigmas) {
  const x = blobs(sigma);
  const times: number[] = [];
  let summary = "";
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const r = kmeans(x, d, {
      k,
      seed: 20260101 + rep,
      inits: 4,
      maxIter: 300,
      tol: 1e-4,
      sampleSize: 100_000,
    });
    times.push(performance.now() - t0);
    summary = `inertia ${r.inertia.toExponential(6)}, best init ${r.iterations} iterations, sizes ${[...r.sizes].join("/")}`;
  }
  times.sort((a, b) => a - b);
  console.log(
    `kmeans ${n} × ${d}, k = ${k}, 4 inits, blobs σ = ${sigma}: median ${times[1]!.toFixed(0)} ms` +
      ` (runs ${times.map((t) => t.toFixed(0)).join(", ")} ms; ${summary})`,
  );
}
