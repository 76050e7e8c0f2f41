// Pairwise and cluster precision/recall/F1 on a small clustering scored by hand.
import { describe, expect, it } from "vitest";
import { errorExamples, evaluateClusters } from "../../../src/dedupe/evaluate.js";

describe("evaluateClusters", () => {
  // Records r0…r6. Truth: E1 = {r0, r1, r2}, E2 = {r3, r4}, E3 = {r5}, E4 = {r6}.
  // Predicted: X = {r0, r1}, Y = {r2}, Z = {r3, r4, r5}, W = {r6}.
  const truth = ["E1", "E1", "E1", "E2", "E2", "E3", "E4"];
  const predicted = ["X", "X", "Y", "Z", "Z", "Z", "W"];

  it("scores record pairs: precision over linked pairs, recall over true pairs", () => {
    // Linked pairs: X 1 + Z 3 = 4; correct: r0r1, r3r4 = 2. True pairs: E1 3 + E2 1 = 4.
    const e = evaluateClusters(predicted, truth);
    expect(e.pairwise).toMatchObject({ truePositives: 2, predictedPairs: 4, truePairs: 4 });
    expect(e.pairwise.precision).toBeCloseTo(0.5, 12);
    expect(e.pairwise.recall).toBeCloseTo(0.5, 12);
    expect(e.pairwise.f1).toBeCloseTo(0.5, 12);
  });

  it("scores clusters: exactly one whole true entity", () => {
    // Only W = {r6} = E4 is exact: precision 1/4 clusters, recall 1/4 entities.
    const e = evaluateClusters(predicted, truth);
    expect(e.cluster).toMatchObject({ exact: 1, precision: 0.25, recall: 0.25 });
    expect(e.cluster.f1).toBeCloseTo(0.25, 12);
    expect(e).toMatchObject({ records: 7, clusters: 4, entities: 4 });
  });

  it("gives 1 everywhere for a perfect clustering, labels aside", () => {
    const e = evaluateClusters(["a", "a", "b"], ["x", "x", "y"]);
    expect([e.pairwise.precision, e.pairwise.recall, e.cluster.f1]).toEqual([1, 1, 1]);
  });

  it("counts no links as perfect precision, not as an error", () => {
    const e = evaluateClusters(["a", "b"], ["x", "x"]);
    expect(e.pairwise.precision).toBe(1);
    expect(e.pairwise.recall).toBe(0);
    expect(e.pairwise.f1).toBe(0);
  });

  it("lists wrong merges and missed matches by record", () => {
    expect(errorExamples(predicted, truth, 5)).toEqual({ falseMerges: [[3, 4, 5]], missed: [[0, 1, 2]] });
  });

  it("refuses labels of different lengths", () => {
    expect(() => evaluateClusters(["a"], [])).toThrow(/one truth label per record/);
  });
});
