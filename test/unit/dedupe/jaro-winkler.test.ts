// Jaro and Jaro–Winkler against published values and hand computations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jaro, jaroWinkler } from "../../../src/dedupe/jaro-winkler.js";

describe("jaro and jaroWinkler", () => {
  // Published values: Winkler (1990) and the Wikipedia article's worked examples; frog/fog from Apache
  // commons-text's JaroWinklerSimilarityTest.
  it.each([
    ["MARTHA", "MARHTA", 0.9444, 0.9611],
    ["DWAYNE", "DUANE", 0.8222, 0.84],
    ["DIXON", "DICKSONX", 0.7667, 0.8133],
    ["frog", "fog", 0.9167, 0.925],
  ])("%s / %s: jaro %f, jaro-winkler %f", (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 4);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 4);
  });

  it("counts a Chinese character as one position", () => {
    // 华信电子科技 / 华鑫电子科技, by hand: window ⌊6/2⌋−1 = 2; 华 电 子 科 技 match in place, 信/鑫 do not:
    // m = 5, t = 0 → jaro = (5/6 + 5/6 + 5/5)/3 = 8/9; common prefix 1 → 8/9 + 0.1·(1/9) = 0.9.
    expect(jaro("华信电子科技", "华鑫电子科技")).toBeCloseTo(8 / 9, 10);
    expect(jaroWinkler("华信电子科技", "华鑫电子科技")).toBeCloseTo(0.9, 10);
  });

  it("counts a character outside the BMP as one position", () => {
    // 𠀀b / 𠀀c: two positions each, window 0; m = 1 → (1/2 + 1/2 + 1)/3 = 2/3, below the 0.7 boost threshold.
    expect(jaro("𠀀b", "𠀀c")).toBeCloseTo(2 / 3, 10);
    expect(jaroWinkler("𠀀b", "𠀀c")).toBeCloseTo(2 / 3, 10);
  });

  it("handles empty and identical strings", () => {
    expect(jaro("", "")).toBe(1);
    expect(jaro("abc", "")).toBe(0);
    expect(jaro("abc", "xyz")).toBe(0);
    expect(jaroWinkler("腾达科技", "腾达科技")).toBe(1);
  });

  it("is symmetric and within [0, 1]", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
        expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
      }),
    );
  });
});
