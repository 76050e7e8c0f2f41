// K-means on a row-major Float64Array: greedy k-means++ seeding on a sample, Lloyd iterations with
// scikit-learn's stopping rule, empty-cluster repair, several inits keeping the lowest inertia.
// Deterministic for a given seed, bit for bit; no allocation inside the iteration loops. Pure.
import { createRng, type Rng } from "./rng.js";

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

/** Scratch buffers shared by every init, so the loops never allocate. */
interface Work {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  labels: Int32Array;
  dist: Float64Array;
  sums: Float64Array;
  counts: Int32Array;
  far: Int32Array;
}

/**
 * Assigns each row to its nearest centre (lowest index on ties), records the squared distance,
 * counts cluster sizes and, when `accumulate`, sums rows per cluster. Returns how many labels changed
 * and the inertia in `out`.
 */
function assignStep(w: Work, c: Float64Array, accumulate: boolean, out: { changed: number; inertia: number }): void {
  const { x, n, d, k, labels, dist, sums, counts } = w;
  counts.fill(0);
  if (accumulate) sums.fill(0);
  let changed = 0;
  let inertia = 0;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[off + t]! - c[co + t]!;
        s += diff * diff;
      }
      if (s < bestD) {
        bestD = s;
        best = j;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
    dist[i] = bestD;
    inertia += bestD;
    counts[best]!++;
    if (accumulate) {
      const so = best * d;
      for (let t = 0; t < d; t++) sums[so + t]! += x[off + t]!;
    }
  }
  out.changed = changed;
  out.inertia = inertia;
}

/**
 * Gives each empty cluster one of the rows farthest from their centre (farthest first, lowest index
 * on ties), moving that row's contribution out of its old cluster, as scikit-learn does.
 */
function relocateEmpty(w: Work): void {
  const { x, n, d, k, labels, dist, sums, counts, far } = w;
  let m = 0;
  for (let j = 0; j < k; j++) if (counts[j] === 0) m++;
  m = Math.min(m, n);
  // Top-m by distance with a small insertion list: m ≤ k, so this stays one pass over the rows.
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const di = dist[i]!;
    if (filled === m && !(di > dist[far[m - 1]!]!)) continue;
    let pos = filled < m ? filled++ : m - 1;
    while (pos > 0 && di > dist[far[pos - 1]!]!) {
      far[pos] = far[pos - 1]!;
      pos--;
    }
    far[pos] = i;
  }
  let f = 0;
  for (let j = 0; j < k && f < filled; j++) {
    if (counts[j] !== 0) continue;
    const i = far[f++]!;
    const old = labels[i]!;
    if (counts[old]! <= 1) continue; // never empty another cluster to fill this one
    for (let t = 0; t < d; t++) {
      const v = x[i * d + t]!;
      sums[old * d + t]! -= v;
      sums[j * d + t] = v;
    }
    counts[old]!--;
    counts[j] = 1;
    labels[i] = j;
    dist[i] = 0;
  }
}

/** Lloyd iterations from the centres in `c` (updated in place). */
function lloyd(w: Work, c: Float64Array, maxIter: number, tolAbs: number): { iterations: number; inertia: number } {
  const { d, k, sums, counts } = w;
  const step = { changed: 0, inertia: 0 };
  w.labels.fill(-1);
  let iterations = 0;
  let settled = false;
  while (iterations < maxIter) {
    assignStep(w, c, true, step);
    let relocated = false;
    for (let j = 0; j < k; j++) if (counts[j] === 0) relocated = true;
    if (relocated) relocateEmpty(w);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      const cnt = counts[j]!;
      if (cnt === 0) continue; // still empty (fewer distinct rows than k): keep the old centre
      for (let t = 0, o = j * d; t < d; t++, o++) {
        const v = sums[o]! / cnt;
        const diff = v - c[o]!;
        shift += diff * diff;
        c[o] = v;
      }
    }
    iterations++;
    // Unchanged labels give unchanged centres, so the last assignment already matches them.
    if (step.changed === 0 && !relocated) {
      settled = true;
      break;
    }
    if (shift <= tolAbs) break;
  }
  if (!settled) assignStep(w, c, false, step); // labels and inertia must match the final centres
  return { iterations, inertia: step.inertia };
}

/** Mean of the per-feature variances, the scale of scikit-learn's tolerance. */
function meanVariance(x: Float64Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  for (let i = 0, off = 0; i < n; i++, off += d) for (let t = 0; t < d; t++) mean[t]! += x[off + t]!;
  for (let t = 0; t < d; t++) mean[t]! /= n;
  let total = 0;
  for (let i = 0, off = 0; i < n; i++, off += d)
    for (let t = 0; t < d; t++) {
      const diff = x[off + t]! - mean[t]!;
      total += diff * diff;
    }
  return total / n / d;
}

/** Distinct uniform sample of `m` rows, copied contiguous; `perm` stays a permutation across calls. */
function sampleRows(x: Float64Array, n: number, d: number, m: number, perm: Int32Array, rng: Rng): Float64Array {
  if (m >= n) return x;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  const s = new Float64Array(m * d);
  for (let i = 0, so = 0; i < m; i++) {
    const xo = perm[i]! * d;
    for (let t = 0; t < d; t++) s[so++] = x[xo + t]!;
  }
  return s;
}

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = a[ao + t]! - b[bo + t]!;
    s += diff * diff;
  }
  return s;
}

/** Greedy k-means++ (scikit-learn's variant: 2 + ⌊ln k⌋ candidates per centre, keep the best). */
export function kmeansPlusPlus(s: Float64Array, m: number, d: number, k: number, rng: Rng): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(m);
  centres.set(s.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(m);
  let pot = 0;
  for (let i = 0; i < m; i++) pot += closest[i] = sqDist(s, i * d, centres, 0, d);
  const cum = new Float64Array(m);
  let cand = new Float64Array(m);
  let bestBuf = new Float64Array(m);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < m; i++) cum[i] = acc += closest[i]!;
    let bestPot = Infinity;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const r = rng.next() * pot;
      let lo = 0;
      let hi = m - 1; // first index with cum ≥ r, clipped to the last row against rounding
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      let candPot = 0;
      for (let i = 0; i < m; i++) {
        const dd = sqDist(s, i * d, s, lo * d, d);
        const v = dd < closest[i]! ? dd : closest[i]!;
        cand[i] = v;
        candPot += v;
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = lo;
        [bestBuf, cand] = [cand, bestBuf];
      }
    }
    [closest, bestBuf] = [bestBuf, closest];
    pot = bestPot;
    centres.set(s.subarray(bestId * d, bestId * d + d), c * d);
  }
  return centres;
}

export function kmeans(x: Float64Array, d: number, opts: KMeansOptions): KMeansResult {
  const { k, seed, inits = 4, maxIter = 300, tol = 1e-4, sampleSize = 100_000 } = opts;
  if (!(Number.isInteger(d) && d >= 1) || x.length % d !== 0)
    throw new RangeError(`kmeans: expected data of n × ${d} values, got ${x.length}`);
  const n = x.length / d;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`kmeans: expected 1 ≤ k ≤ n = ${n}, got k = ${k}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) throw new RangeError(`kmeans: row ${Math.floor(i / d)} has a non-finite value`);
  if (opts.init && (opts.init.length !== k * d || !opts.init.every(Number.isFinite)))
    throw new RangeError(`kmeans: expected a warm start of ${k} × ${d} finite values`);

  const w: Work = {
    x,
    n,
    d,
    k,
    labels: new Int32Array(n),
    dist: new Float64Array(n),
    sums: new Float64Array(k * d),
    counts: new Int32Array(k),
    far: new Int32Array(k),
  };
  const tolAbs = tol * meanVariance(x, n, d);
  const rng = createRng(seed);
  const m = Math.min(n, Math.max(sampleSize, k));
  const perm = new Int32Array(m < n ? n : 0);
  for (let i = 0; i < perm.length; i++) perm[i] = i;

  let best: KMeansResult | null = null;
  const runs = opts.init ? 1 : Math.max(1, inits);
  for (let r = 0; r < runs; r++) {
    const c = opts.init ? Float64Array.from(opts.init) : kmeansPlusPlus(sampleRows(x, n, d, m, perm, rng), m, d, k, rng);
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
