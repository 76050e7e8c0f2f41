// The generator's randomness: reproducible streams, sane distributions, and permutations that never collide.
import { describe, expect, it } from "vitest";
import { Permutation } from "../../../src/demo/permutation.js";
import { hash32, Rng } from "../../../src/demo/prng.js";

describe("Rng", () => {
  it("repeats its sequence for a seed and differs across seeds", () => {
    const take = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
  });

  it("keeps int, pick and weighted inside their ranges", () => {
    const r = new Rng(9);
    const seen = new Set<number>();
    for (let k = 0; k < 5000; k++) {
      const v = r.int(3, 7);
      expect(v >= 3 && v <= 7 && Number.isInteger(v)).toBe(true);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    const counts = { a: 0, b: 0 };
    for (let k = 0; k < 10_000; k++) counts[r.weighted(["a", "b"] as const, [1, 10])]++;
    expect(counts.b / counts.a).toBeGreaterThan(7);
    expect(counts.b / counts.a).toBeLessThan(12);
  });

  it("draws normal, Pareto and Poisson values with the right centre", () => {
    const r = new Rng(5);
    const mean = (f: () => number) => {
      let s = 0;
      for (let k = 0; k < 20_000; k++) s += f();
      return s / 20_000;
    };
    expect(mean(() => r.normal(10, 2))).toBeCloseTo(10, 1);
    expect(mean(() => r.poisson(2.5))).toBeCloseTo(2.5, 1);
    expect(mean(() => r.poisson(50))).toBeCloseTo(50, 0);
    expect(mean(() => Math.min(r.pareto(1, 3), 1000))).toBeCloseTo(1.5, 1);
  });

  it("hashes distinct inputs (including seeds beyond 32 bits) to distinct seeds", () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) seeds.add(hash32(42, i, 7));
    expect(seeds.size).toBe(1000);
    expect(hash32(1)).not.toBe(hash32(2 ** 32 + 1));
    expect(hash32(-1)).not.toBe(hash32(2 ** 32 - 1));
  });
});

describe("Permutation", () => {
  it("is a bijection of [0, n) for awkward sizes", () => {
    for (const n of [1, 2, 3, 17, 1000, 4097]) {
      const p = new Permutation(n, 123);
      const images = new Set<number>();
      for (let x = 0; x < n; x++) {
        const y = p.map(x);
        expect(y >= 0 && y < n).toBe(true);
        images.add(y);
      }
      expect(images.size).toBe(n);
    }
  });

  it("depends on its key and refuses out-of-range input", () => {
    const a = new Permutation(10_000, 1);
    const b = new Permutation(10_000, 2);
    expect([0, 1, 2, 3].map((x) => a.map(x))).not.toEqual([0, 1, 2, 3].map((x) => b.map(x)));
    expect(() => a.map(10_000)).toThrow(/outside/);
    expect(() => new Permutation(2 ** 33, 1)).toThrow(/size/);
  });
});
