// K-means on a row-major Float64Array: greedy k-means++ seeding on a sample, Lloyd iterations with
// scikit-learn's stopping rule, empty-cluster repair, several inits keeping the lowest inertia.
// Deterministic for a given seed, bit for bit. Pure.
import { createWork, lloyd, meanVariance } from "./kmeans-lloyd.js";
import { kmeansPlusPlus, sampleRows } from "./kmeans-seed.js";
import { createRng } from "./rng.js";

export interface KMeansOptions {
  k: number;
  seed: number;
  /** k-means++ restarts; the run with the lowest inertia wins (earliest on ties). */
  inits?: number;
  maxIter?: number;
  /** Relative tolerance: stop when the summed squared centre shift ≤ tol × mean feature variance. */
  tol?: number;
  /** k-means++ seeds from a uniform sample of this many rows when n is larger. */
  sampleSize?: number;
  /** Warm start (k × d): a single Lloyd run from these centres, as scikit-learn does for an explicit init. */
  init?: Float64Array;
}

export interface KMeansResult {
  k: number;
  d: number;
  /** k × d row-major. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances of each row to its centroid. */
  inertia: number;
  /** Lloyd iterations of the winning init. */
  iterations: number;
  sizes: Int32Array;
}

export function kmeans(x: Float64Array, d: number, opts: KMeansOptions): KMeansResult {
  const { k, seed, inits = 4, maxIter = 300, tol = 1e-4, sampleSize = 100_000 } = opts;
  if (!(Number.isInteger(d) && d >= 1) || x.length % d !== 0)
    throw new RangeError(`kmeans: expected data of n × ${d} values, got ${x.length}`);
  const n = x.length / d;
  if (!(Number.isInteger(k) && k >= 1 && k <= n))
    throw new RangeError(`kmeans: expected 1 ≤ k ≤ n = ${n}, got k = ${k}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!))
      throw new RangeError(`kmeans: row ${Math.floor(i / d)} has a non-finite value`);
  if (opts.init && (opts.init.length !== k * d || !opts.init.every(Number.isFinite)))
    throw new RangeError(`kmeans: expected a warm start of ${k} × ${d} finite values`);

  const w = createWork(x, d, k);
  const tolAbs = tol * meanVariance(x, n, d);
  const rng = createRng(seed);
  const m = Math.min(n, Math.max(sampleSize, k));
  const perm = new Int32Array(m < n ? n : 0);
  for (let i = 0; i < perm.length; i++) perm[i] = i;

  let best: KMeansResult | null = null;
  const runs = opts.init ? 1 : Math.max(1, inits);
  for (let r = 0; r < runs; r++) {
    const c = opts.init
      ? Float64Array.from(opts.init)
      : kmeansPlusPlus(sampleRows(x, n, d, m, perm, rng), m, d, k, rng);
    const { iterations, inertia } = lloyd(w, c, maxIter, tolAbs);
    if (best === null || inertia < best.inertia) {
      const loser = best?.labels;
      best = { k, d, centroids: c, labels: w.labels, inertia, iterations, sizes: Int32Array.from(w.counts) };
      // The winner keeps its labels; later inits work in the loser's buffer (at most two exist).
      if (r + 1 < runs) w.labels = loser ?? new Int32Array(n);
    }
  }
  return best!;
}
