// K-means on a row-major Float64Array: greedy k-means++ seeding on a sample, Lloyd iterations with
// scikit-learn's stopping rule, empty-cluster repair, several inits keeping the lowest inertia.
// Deterministic for a given seed, bit for bit. Pure. kmeans-parallel.ts runs the same inits in worker
// threads with the same result.
import { createWork, lloyd, meanVariance, type Work } from "./kmeans-lloyd.js";
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

/** One init's outcome; `start` is its position among the inits (ties go to the earliest). */
export interface InitResult extends KMeansResult {
  start: number;
}

/** What every init shares once the options are checked. */
export interface KMeansPlan {
  n: number;
  k: number;
  d: number;
  maxIter: number;
  /** scikit-learn's tolerance in absolute terms (tol × mean feature variance). */
  tolAbs: number;
  /** Number of inits (1 for a warm start). */
  runs: number;
  /** The starting centres of init r; draw them in order 0, 1, …: each continues the seeded stream. */
  startAt(r: number): Float64Array;
}

export function planKmeans(x: Float64Array, d: number, opts: KMeansOptions): KMeansPlan {
  const { k, seed, inits = 4, maxIter = 300, tol = 1e-4, sampleSize = 100_000 } = opts;
  if (!(Number.isInteger(d) && d >= 1) || x.length % d !== 0)
    throw new RangeError(`kmeans: expected data of n × ${d} values, got ${x.length}`);
  const n = x.length / d;
  if (!(Number.isInteger(k) && k >= 1 && k <= n))
    throw new RangeError(`kmeans: expected 1 ≤ k ≤ n = ${n}, got k = ${k}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!))
      throw new RangeError(`kmeans: row ${Math.floor(i / d)} has a non-finite value`);
  const init = opts.init;
  if (init && (init.length !== k * d || !init.every(Number.isFinite)))
    throw new RangeError(`kmeans: expected a warm start of ${k} × ${d} finite values`);

  const tolAbs = tol * meanVariance(x, n, d);
  const rng = createRng(seed);
  const m = Math.min(n, Math.max(sampleSize, k));
  const perm = new Int32Array(m < n ? n : 0);
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  let drawn = 0;
  return {
    n,
    k,
    d,
    maxIter,
    tolAbs,
    runs: init ? 1 : Math.max(1, inits),
    startAt(r) {
      if (r !== drawn++) throw new Error(`kmeans: init ${r} drawn out of order`);
      return init ? Float64Array.from(init) : kmeansPlusPlus(sampleRows(x, n, d, m, perm, rng), m, d, k, rng);
    },
  };
}

/** The better of two inits: lower inertia, the earlier on ties. */
export function better(a: InitResult | null, b: InitResult): InitResult {
  return a === null || b.inertia < a.inertia || (b.inertia === a.inertia && b.start < a.start) ? b : a;
}

/**
 * Runs Lloyd from one start after another in one set of buffers, keeping the best. At most two label
 * buffers exist: the best init's and the one the next init works in.
 */
export class BestOfInits {
  best: InitResult | null = null;
  private spare: Int32Array | null = null;

  constructor(
    private readonly w: Work,
    private readonly maxIter: number,
    private readonly tolAbs: number,
  ) {}

  /** Lloyd from `centres` (updated in place), init number `start`. */
  run(start: number, centres: Float64Array): void {
    const { w, best } = this;
    if (best?.labels === w.labels) w.labels = this.spare ?? new Int32Array(w.n);
    const { iterations, inertia } = lloyd(w, centres, this.maxIter, this.tolAbs);
    const run = { start, k: w.k, d: w.d, centroids: centres, labels: w.labels, inertia, iterations };
    const winner = better(best, { ...run, sizes: Int32Array.from(w.counts) });
    this.spare = winner.start === start ? (best?.labels ?? null) : null;
    this.best = winner;
  }
}

export function kmeans(x: Float64Array, d: number, opts: KMeansOptions): KMeansResult {
  const plan = planKmeans(x, d, opts);
  const inits = new BestOfInits(createWork(x, d, plan.k), plan.maxIter, plan.tolAbs);
  for (let r = 0; r < plan.runs; r++) inits.run(r, plan.startAt(r));
  const { start: _start, ...best } = inits.best!;
  return best;
}
