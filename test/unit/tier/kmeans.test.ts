// K-means: determinism, stable partitions across seeds, empty-cluster repair, degenerate data, and
// inertia against the best of 30 random restarts of a naive reference implementation.
import { describe, expect, it } from "vitest";
import { kmeans } from "../../../src/tier/kmeans.js";
import { kmeansParallel } from "../../../src/tier/kmeans-parallel.js";
import { bestOfRestarts, blobs, naiveLloyd, samePartition } from "./support.js";

const corners = [
  [0, 0, 0, 0, 0],
  [20, 0, 0, 0, 0],
  [0, 20, 0, 0, 0],
  [0, 0, 20, 20, 0],
];
const bytes = (a: Float64Array | Int32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("kmeans", () => {
  const data = blobs(corners, 500, 1, 11);

  it("gives the same labels and centroids, bit for bit, for the same seed", () => {
    const opts = { k: 4, seed: 42, inits: 3, sampleSize: 300 };
    const a = kmeans(data.x, data.d, opts);
    const b = kmeans(data.x, data.d, opts);
    expect(bytes(a.labels)).toBe(bytes(b.labels));
    expect(bytes(a.centroids)).toBe(bytes(b.centroids));
    expect(a.inertia).toBe(b.inertia);
  });

  it("finds the true blobs whatever the seed, on a sample or not", () => {
    for (const seed of [1, 2, 3, 99, 123456789]) {
      for (const sampleSize of [100, 100_000]) {
        const r = kmeans(data.x, data.d, { k: 4, seed, sampleSize });
        expect(samePartition(r.labels, data.truth)).toBe(true);
        expect(Array.from(r.sizes)).toEqual([500, 500, 500, 500]);
      }
    }
  });

  it("reaches within 1% of the best of 30 random restarts on blobs", () => {
    // A 4 × 2 grid of blobs: about half of the random restarts get stuck merging two neighbours
    // (inertia > 2× the optimum), so only a good seeding gets there every time.
    const grid = [0, 10, 20, 30].flatMap((a) => [
      [a, 0],
      [a, 10],
    ]);
    const hard = blobs(grid, 150, 1.5, 5);
    const best = bestOfRestarts(hard.x, hard.d, 8, 30, 3);
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = kmeans(hard.x, hard.d, { k: 8, seed });
      expect(r.inertia).toBeLessThanOrEqual(best * 1.01);
      expect(samePartition(r.labels, hard.truth)).toBe(true);
    }
    const overlapping = blobs(corners, 300, 6, 5);
    const r = kmeans(overlapping.x, overlapping.d, { k: 4, seed: 7 });
    expect(r.inertia).toBeLessThanOrEqual(bestOfRestarts(overlapping.x, overlapping.d, 4, 30, 3) * 1.01);
  });

  it("skips distance computations without changing Lloyd's result (Hamerly's bounds are exact)", () => {
    const fuzzy = blobs(corners, 400, 9, 21); // heavy overlap: many rows near a boundary
    const init = [0, 1, 2, 3].flatMap((i) => Array.from(fuzzy.x.subarray(i * 97 * 5, i * 97 * 5 + 5)));
    const ref = naiveLloyd(fuzzy.x, 5, 4, init);
    const r = kmeans(fuzzy.x, 5, { k: 4, seed: 1, tol: 0, init: Float64Array.from(init) });
    expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
    Array.from(r.centroids).forEach((v, i) => expect(v).toBeCloseTo(ref.centroids[i]!, 9));
    expect(r.inertia).toBeCloseTo(ref.inertia, 6);
    expect(r.iterations).toBeGreaterThan(5);
  });

  it("repairs an empty cluster with the farthest point", () => {
    // Two blobs; a warm start puts one centre in the middle and one far away, so the far one
    // gets no rows and must be moved onto the point farthest from the middle centre.
    const two = blobs(
      [
        [0, 0],
        [100, 0],
      ],
      200,
      2,
      8,
    );
    const r = kmeans(two.x, 2, { k: 2, seed: 1, init: Float64Array.from([50, 0, 1e6, 1e6]) });
    expect(samePartition(r.labels, two.truth)).toBe(true);
    expect(Array.from(r.sizes)).toEqual([200, 200]);
    expect(r.iterations).toBeGreaterThan(1);
  });

  it("copes with identical rows and with k = n without NaN", () => {
    const same = kmeans(new Float64Array(30).fill(3), 3, { k: 3, seed: 1 });
    expect(same.inertia).toBe(0);
    expect(Array.from(same.sizes).reduce((a, b) => a + b, 0)).toBe(10);
    expect(same.centroids.every(Number.isFinite)).toBe(true);

    const three = kmeans(Float64Array.from([0, 0, 5, 5, 9, 1]), 2, { k: 3, seed: 4 });
    expect(three.inertia).toBe(0);
    expect(new Set(three.labels).size).toBe(3);
  });

  it("rejects k > n and non-finite data", () => {
    expect(() => kmeans(new Float64Array(4), 2, { k: 3, seed: 1 })).toThrow(RangeError);
    expect(() => kmeans(Float64Array.from([0, NaN, 1, 1]), 2, { k: 1, seed: 1 })).toThrow(/row 0/);
  });
});

describe("kmeansParallel", () => {
  // Overlapping blobs: the inits end at different local optima, so which one wins matters.
  const fuzzy = blobs(corners, 3000, 8, 31);
  const all = { minWork: 0 }; // threads even for this small a job

  it("gives kmeans()'s result bit for bit, with its inits in 2 or 3 worker threads", async () => {
    // 3 to 5 inits in 2 or 3 threads: the winning init ran in the first, the second or the third thread.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const [inits, threads] = [3 + (seed % 3), 2 + (seed % 2)];
      const opts = { k: 4, seed, inits, sampleSize: 2000 };
      const one = kmeans(fuzzy.x, fuzzy.d, opts);
      const par = await kmeansParallel(fuzzy.x, fuzzy.d, opts, { ...all, threads });
      expect(bytes(par.labels)).toBe(bytes(one.labels));
      expect(bytes(par.centroids)).toBe(bytes(one.centroids));
      expect([par.inertia, par.iterations, [...par.sizes]]).toEqual([
        one.inertia,
        one.iterations,
        [...one.sizes],
      ]);
    }
  });

  it("the inits really differ here: another seed ends elsewhere", () => {
    const inertias = new Set(
      [1, 2, 3, 4, 5, 6].map((seed) => kmeans(fuzzy.x, fuzzy.d, { k: 4, seed, inits: 1 }).inertia),
    );
    expect(inertias.size).toBeGreaterThan(1);
  });

  it("rejects bad input before starting any thread", async () => {
    await expect(
      kmeansParallel(Float64Array.from([0, NaN, 1, 1]), 2, { k: 1, seed: 1 }, all),
    ).rejects.toThrow(/row 0/);
  });
});
