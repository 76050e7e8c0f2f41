// Lloyd's K-means iterations on a row-major Float64Array, accelerated with Hamerly's bounds, with
// scikit-learn's stopping rule and empty-cluster repair. Pure; no allocation inside the loops.
import { sqDist } from "./kmeans-seed.js";

/** Scratch buffers shared by every init, so the loops never allocate. */
export interface Work {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  labels: Int32Array;
  /** Hamerly bounds: ≥ distance to the own centre, ≤ distance to the second-closest centre. */
  upper: Float64Array;
  lower: Float64Array;
  /** Squared distance to the own centre, filled only when an empty cluster must be repaired. */
  dist: Float64Array | null;
  sums: Float64Array;
  counts: Int32Array;
  far: Int32Array;
  /** Per centre: how far it moved in the last update, and half the distance to its nearest other centre. */
  moved: Float64Array;
  half: Float64Array;
}

/** Assigns every row by full search (lowest index on ties), sets both bounds, and sums rows per cluster. */
function fullAssign(w: Work, c: Float64Array): void {
  const { x, n, d, k, labels, upper, lower, sums, counts } = w;
  counts.fill(0);
  sums.fill(0);
  for (let i = 0, off = 0; i < n; i++, off += d) {
    let best = 0;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[off + t]! - c[co + t]!;
        s += diff * diff;
      }
      if (s < d1) {
        d2 = d1;
        d1 = s;
        best = j;
      } else if (s < d2) d2 = s;
    }
    labels[i] = best;
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    counts[best]!++;
    const so = best * d;
    for (let t = 0; t < d; t++) sums[so + t]! += x[off + t]!;
  }
}

/**
 * One assignment pass with Hamerly's bounds (exact: it only skips rows whose centre provably stays
 * the nearest), keeping sums and counts up to date as rows move. With `exact`, the distance to the
 * own centre is computed for every row and the inertia returned; otherwise it returns 0.
 */
function boundedAssign(
  w: Work,
  c: Float64Array,
  exact: boolean,
  out: { changed: number; inertia: number },
): void {
  const { x, n, d, k, labels, upper, lower, sums, counts, half } = w;
  let changed = 0;
  let inertia = 0;
  for (let i = 0, off = 0; i < n; i++, off += d) {
    const a = labels[i]!;
    const bound = half[a]! > lower[i]! ? half[a]! : lower[i]!;
    if (!exact && upper[i]! <= bound) continue;
    let s = 0;
    for (let t = 0, co = a * d; t < d; t++) {
      const diff = x[off + t]! - c[co + t]!;
      s += diff * diff;
    }
    const u = Math.sqrt(s);
    upper[i] = u;
    if (u <= bound) {
      inertia += s;
      continue;
    }
    let best = 0;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let q = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[off + t]! - c[co + t]!;
        q += diff * diff;
      }
      if (q < d1) {
        d2 = d1;
        d1 = q;
        best = j;
      } else if (q < d2) d2 = q;
    }
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
    inertia += d1;
    if (best !== a) {
      changed++;
      labels[i] = best;
      counts[a]!--;
      counts[best]!++;
      const ao = a * d;
      const bo = best * d;
      for (let t = 0; t < d; t++) {
        const v = x[off + t]!;
        sums[ao + t]! -= v;
        sums[bo + t]! += v;
      }
    }
  }
  out.changed = changed;
  out.inertia = exact ? inertia : 0;
}

/**
 * Gives each empty cluster one of the rows farthest from their centre (farthest first, lowest index
 * on ties), moving that row's contribution out of its old cluster, as scikit-learn does.
 */
function relocateEmpty(w: Work, c: Float64Array): void {
  const { x, n, d, k, labels, upper, lower, sums, counts, far } = w;
  const dist = (w.dist ??= new Float64Array(n));
  for (let i = 0, off = 0; i < n; i++, off += d) dist[i] = sqDist(x, off, c, labels[i]! * d, d);
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
    // Its bounds referred to the old centre: force a full search for this row next pass.
    upper[i] = Infinity;
    lower[i] = 0;
  }
}

/** Half the distance from each centre to its nearest other centre (Hamerly's s(j)). */
function halfSeparation(w: Work, c: Float64Array): void {
  const { d, k, half } = w;
  for (let j = 0; j < k; j++) {
    let m = Infinity;
    for (let q = 0; q < k; q++) if (q !== j) m = Math.min(m, sqDist(c, j * d, c, q * d, d));
    half[j] = Math.sqrt(m) / 2;
  }
}

/** Moves each centre to its cluster mean; returns the summed squared shift (scikit-learn's measure). */
function updateCentres(w: Work, c: Float64Array): number {
  const { d, k, sums, counts, moved } = w;
  let shift = 0;
  for (let j = 0; j < k; j++) {
    const cnt = counts[j]!;
    let s = 0;
    if (cnt > 0) {
      for (let t = 0, o = j * d; t < d; t++, o++) {
        const v = sums[o]! / cnt;
        const diff = v - c[o]!;
        s += diff * diff;
        c[o] = v;
      }
    } // an empty cluster (fewer distinct rows than k) keeps its centre
    moved[j] = Math.sqrt(s);
    shift += s;
  }
  return shift;
}

/** Loosens the bounds by how far the centres moved, so they stay valid for the new centres. */
function loosenBounds(w: Work): void {
  const { n, k, labels, upper, lower, moved } = w;
  let r = 0;
  for (let j = 1; j < k; j++) if (moved[j]! > moved[r]!) r = j;
  let second = 0;
  for (let j = 0; j < k; j++) if (j !== r && moved[j]! > second) second = moved[j]!;
  const first = moved[r]!;
  for (let i = 0; i < n; i++) {
    const a = labels[i]!;
    upper[i]! += moved[a]!;
    lower[i]! -= a === r ? second : first;
  }
}

/**
 * Lloyd's algorithm from the centres in `c` (updated in place), accelerated with Hamerly's bounds;
 * it visits the same centres as plain Lloyd, up to rounding in the running sums. Stops when no
 * label changes, when the summed squared centre shift is ≤ tolAbs, or after maxIter updates. The
 * returned labels and inertia match the final centres.
 */
export function lloyd(
  w: Work,
  c: Float64Array,
  maxIter: number,
  tolAbs: number,
): { iterations: number; inertia: number } {
  const { k, counts } = w;
  const step = { changed: w.n, inertia: 0 };
  fullAssign(w, c);
  let iterations = 0;
  for (;;) {
    let relocated = false;
    for (let j = 0; j < k; j++) if (counts[j] === 0) relocated = true;
    if (relocated) relocateEmpty(w, c);
    const shift = updateCentres(w, c);
    iterations++;
    loosenBounds(w);
    halfSeparation(w, c);
    if ((step.changed === 0 && !relocated) || shift <= tolAbs || iterations >= maxIter) break;
    boundedAssign(w, c, false, step);
  }
  boundedAssign(w, c, true, step);
  return { iterations, inertia: step.inertia };
}

export function createWork(x: Float64Array, d: number, k: number): Work {
  const n = x.length / d;
  return {
    x,
    n,
    d,
    k,
    labels: new Int32Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    dist: null,
    sums: new Float64Array(k * d),
    counts: new Int32Array(k),
    far: new Int32Array(k),
    moved: new Float64Array(k),
    half: new Float64Array(k),
  };
}

/** Mean of the per-feature variances, the scale of scikit-learn's tolerance. */
export function meanVariance(x: Float64Array, n: number, d: number): number {
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
