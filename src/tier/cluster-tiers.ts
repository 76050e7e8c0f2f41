// K-means on the weighted points, with clusters ranked by centroid score and mapped top-down to the
// tiers; skipped when the customers cannot form as many groups as there are tiers. Pure (its inits may
// run in worker threads, with the same result).
import type { ScoringConfig } from "../config/schema.js";
import { kmeansParallel } from "./kmeans-parallel.js";
import type { AssignOptions, KMeansInfo } from "./tier-model.js";

export interface Clustering {
  /** Cluster of each customer; null when K-means was skipped. */
  labels: Int32Array | null;
  /** Cluster → tier index (0 = highest tier). */
  rank: number[];
  centroids: number[][];
  centroidScores: number[];
  sizes: number[];
  clusterTiers: string[];
  info: KMeansInfo;
}

/** Counts distinct rows, stopping at `limit` (k is small, so this is one cheap pass). */
function distinctRows(x: Float64Array, n: number, d: number, limit: number): number {
  const seen: number[] = [];
  for (let i = 0; i < n && seen.length < limit; i++) {
    const known = seen.some((s) => {
      for (let t = 0; t < d; t++) if (x[s * d + t] !== x[i * d + t]) return false;
      return true;
    });
    if (!known) seen.push(i);
  }
  return seen.length;
}

/** x: n × d weighted points (row-major); order: tier codes, highest first (k = order.length). */
export async function clusterIntoTiers(
  x: Float64Array,
  d: number,
  order: readonly string[],
  km: ScoringConfig["kmeans"],
  opts: AssignOptions,
): Promise<Clustering> {
  const n = d > 0 ? x.length / d : 0;
  const k = order.length;
  const info: KMeansInfo = {
    status: "skipped",
    warm_start: "none",
    inits: km.inits,
    max_iter: km.max_iter,
    tol: km.tol,
    sample_size: km.sample_size,
    iterations: null,
    inertia: null,
  };
  let init: Float64Array | undefined;
  if (opts.warmStart) {
    const ok =
      opts.warmStart.length === k && opts.warmStart.every((r) => r.length === d && r.every(Number.isFinite));
    info.warm_start = ok ? "used" : "ignored"; // e.g. indicators or tiers changed since that run
    if (ok) init = Float64Array.from(opts.warmStart.flat());
  }
  const distinct = n < k ? n : distinctRows(x, n, d, k);
  let labels: Int32Array | null = null;
  let centroids: number[][] = [];
  let centroidScores: number[] = [];
  let sizes: number[] = [];
  let clusterTiers: string[] = [];
  let rank: number[] = [];
  if (distinct < k) {
    info.reason = `${distinct} distinct customers (of ${n}) cannot form ${k} clusters`;
  } else {
    const r = await kmeansParallel(x, d, {
      k,
      seed: opts.seed,
      inits: km.inits,
      maxIter: km.max_iter,
      tol: km.tol,
      sampleSize: km.sample_size,
      init,
    });
    Object.assign(info, { status: "ran", iterations: r.iterations, inertia: r.inertia });
    labels = r.labels;
    centroids = Array.from({ length: k }, (_, c) => Array.from(r.centroids.subarray(c * d, c * d + d)));
    centroidScores = centroids.map((c) => c.reduce((a, b) => a + b, 0));
    sizes = Array.from(r.sizes);
    const ranked = centroidScores
      .map((_, c) => c)
      .sort((a, b) => centroidScores[b]! - centroidScores[a]! || a - b);
    rank = new Array<number>(k);
    ranked.forEach((c, position) => (rank[c] = position));
    clusterTiers = rank.map((t) => order[t]!);
  }
  return { labels, rank, centroids, centroidScores, sizes, clusterTiers, info };
}
