// Fellegi–Sunter weights: log2(m/u) per level, disagreement, missing fields.
import { describe, expect, it } from "vitest";
import { buildFeatures } from "../../../src/dedupe/features.js";
import { compileScorer } from "../../../src/dedupe/scoring.js";
import { dedupeConfig, rec, regions } from "./fixtures.js";

describe("compileScorer (Fellegi–Sunter weights)", () => {
  const cfg = dedupeConfig({
    comparisons: [
      { field: "credit_code", comparator: "exact", levels: [{ at_least: 1, m: 0.9, u: 0.01 }] },
      {
        field: "name",
        comparator: "jaro_winkler",
        levels: [
          { at_least: 1, m: 0.5, u: 0.125 },
          { at_least: 0.8, m: 0.25, u: 0.25 },
        ],
      },
    ],
  });
  const scorer = compileScorer(cfg);
  const t = buildFeatures(
    [
      rec({ name: "华信电子科技", credit_code: "91440300MA5ABCDE1X" }),
      rec({ name: "华信电子科技", credit_code: "91440300MA5ABCDE1X" }),
      rec({ name: "华鑫电子科技", credit_code: null }),
      rec({ name: "腾达贸易", credit_code: "91110000MA5XYZ1234" }),
    ],
    regions,
    new Set(),
  );

  it("adds log2(m/u) of the level each comparison reaches", () => {
    // credit code agrees: log2(0.9/0.01) = 6.4919; names equal: log2(0.5/0.125) = 2.
    expect(scorer.score(t, 0, 1)).toBeCloseTo(Math.log2(90) + 2, 10);
  });

  it("uses the second level for a close name and 0 for a missing field", () => {
    // 华信电子科技 / 华鑫电子科技: jaro-winkler 0.9 → level 2, log2(0.25/0.25) = 0; credit code missing → 0.
    expect(scorer.score(t, 0, 2)).toBeCloseTo(0, 10);
  });

  it("weighs disagreement with the rest of the mass: log2((1−Σm)/(1−Σu))", () => {
    // credit codes differ: log2(0.1/0.99); names far apart: log2(0.25/0.625).
    expect(scorer.score(t, 0, 3)).toBeCloseTo(Math.log2(0.1 / 0.99) + Math.log2(0.25 / 0.625), 10);
    const explained = scorer.explain(t, 0, 3);
    expect(explained.map((x) => x.level)).toEqual([1, 2]);
  });

  it("knows its upper bound", () => {
    expect(scorer.maxScore).toBeCloseTo(Math.log2(90) + 2, 10);
  });
});
