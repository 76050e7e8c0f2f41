import { describe, expect, it } from "vitest";
import { seedMismatch, SCALES } from "../../../src/bench/scales.js";

describe("seedMismatch (--skip-seed)", () => {
  const L = { customers: SCALES.L.customers, seed: "1", orderScale: SCALES.L.orderScale };

  it("accepts sources seeded at the scale and seed asked for", () => {
    expect(seedMismatch(L, "L", 1)).toBeNull();
  });

  it("refuses sources of another scale, naming what they hold", () => {
    const S = { customers: 20_000, seed: "1", orderScale: 1 };
    expect(seedMismatch(S, "L", 1)).toBe(
      "the bench's sources hold scale S with seed 1, not scale L with seed 1",
    );
  });

  it("refuses another seed, and sources no scale describes", () => {
    expect(seedMismatch({ ...L, seed: "7" }, "L", 1)).toBe(
      "the bench's sources hold scale L with seed 7, not scale L with seed 1",
    );
    expect(seedMismatch({ customers: 500, seed: "1", orderScale: 1 }, "S", 1)).toBe(
      "the bench's sources hold 500 customers at order scale 1 with seed 1, not scale S with seed 1",
    );
  });

  it("refuses sources with no completed seed", () => {
    expect(seedMismatch(null, "M", 2)).toBe(
      "the bench's sources hold no completed seed (expected scale M, seed 2)",
    );
  });
});
