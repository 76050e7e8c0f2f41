// K-means seeding: a uniform row sample and scikit-learn's greedy k-means++ on it. Pure; randomness
// comes only from the seeded Rng passed in.
import type { Rng } from "./rng.js";

/** Distinct uniform sample of `m` rows, copied contiguous; `perm` stays a permutation across calls. */
export function sampleRows(
  x: Float64Array,
  n: number,
  d: number,
  m: number,
  perm: Int32Array,
  rng: Rng,
): Float64Array {
  if (m >= n) return x;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  // Copy in row order: random reads over a large matrix are cache misses, sorted ones are not.
  const rows = perm.slice(0, m).sort();
  const s = new Float64Array(m * d);
  for (let i = 0, so = 0; i < m; i++) {
    const xo = rows[i]! * d;
    for (let t = 0; t < d; t++) s[so++] = x[xo + t]!;
  }
  return s;
}

export function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
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
