// Benchmark: K-means on 1 000 000 × 8 blob data, k = 4, 4 inits (target from DESIGN §11: within 2 s
// on one core). Run with `npx tsx src/tier/kmeans.bench.ts [n]`.
import { performance } from "node:perf_hooks";
import { kmeans } from "./kmeans.js";
import { createRng } from "./rng.js";

const n = Number(process.argv[2] ?? 1_000_000);
const d = 8;
const k = 4;
const sigma = Number(process.argv[3] ?? 5);
const rng = createRng(7);
const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.next() * 100));
const x = new Float64Array(n * d);
for (let i = 0; i < n; i++) {
  const c = centres[i % k]!;
  for (let t = 0; t < d; t++) {
    // Box–Muller: Gaussian blobs with σ = 5 around each centre.
    const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    x[i * d + t] = c[t]! + sigma * g;
  }
}

for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const r = kmeans(x, d, { k, seed: 20260101 + rep, inits: 4, maxIter: 300, tol: 1e-4, sampleSize: 100_000 });
  const ms = performance.now() - t0;
  console.log(
    `kmeans ${n} × ${d}, k = ${k}, 4 inits: ${ms.toFixed(0)} ms` +
      ` (inertia ${r.inertia.toExponential(6)}, ${r.iterations} iterations in the best init, sizes ${[...r.sizes].join("/")})`,
  );
}
