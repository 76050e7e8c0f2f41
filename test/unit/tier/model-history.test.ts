// Warm start from last quarter's model (only in the same feature space) and stability against last quarter.
import { describe, expect, it } from "vitest";
import { warmStartFrom, stabilityOf, type PreviousModel } from "../../../src/tier/model-history.js";

const IND = [
  { indicator: "revenue", feature: "revenue_cny", direction: "higher", transform: "log" },
  { indicator: "growth", feature: "growth_rate", direction: "higher", transform: "symlog" },
];
const previous = (model: unknown): PreviousModel => ({ quarter: "2026Q2", run_id: "r2", model });
const stored = (over: Record<string, unknown> = {}) => ({
  normalisation: { indicators: IND.map((i) => ({ ...i, p1: 0, p99: 1 })) },
  centroids: [
    [1, 2],
    [3, 4],
  ],
  ...over,
});

describe("warmStartFrom", () => {
  it("uses last quarter's centroids when indicators, features, directions and transforms match", () => {
    const w = warmStartFrom(previous(stored()), IND, 2);
    expect(w.centroids).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(w.from).toEqual({ quarter: "2026Q2", run_id: "r2" });
    expect(w.reason).toBeNull();
  });

  it("refuses a changed transform, a different tier count, a skipped K-means, or no earlier quarter", () => {
    const changed = stored({
      normalisation: { indicators: [IND[0], { ...IND[1], transform: "none" }] },
    });
    expect(warmStartFrom(previous(changed), IND, 2).reason).toMatch(/transforms differ from 2026Q2/);
    expect(warmStartFrom(previous(stored()), IND, 3).reason).toMatch(/not 3 × 2/);
    expect(warmStartFrom(previous(stored({ centroids: [] })), IND, 2).reason).toMatch(/no centroids/);
    expect(
      warmStartFrom(
        previous(
          stored({
            centroids: [
              [1, Number.NaN],
              [3, 4],
            ],
          }),
        ),
        IND,
        2,
      ).centroids,
    ).toBeNull();
    expect(warmStartFrom(previous(null), IND, 2).centroids).toBeNull();
    expect(warmStartFrom(null, IND, 2)).toEqual({
      centroids: null,
      from: null,
      reason: "no earlier published quarter",
    });
  });
});

describe("stabilityOf", () => {
  it("counts unchanged, up and down among customers with a previous tier", () => {
    const order = ["diamond", "gold", "silver", "standard"];
    const s = stabilityOf(
      [
        { previous_tier: "gold", final_tier: "gold" },
        { previous_tier: "gold", final_tier: "diamond" },
        { previous_tier: "silver", final_tier: "standard" },
        { previous_tier: "standard", final_tier: "standard" },
        { previous_tier: null, final_tier: "gold" },
        { previous_tier: "platinum", final_tier: "gold" }, // a tier since removed from config
      ],
      order,
      "2026Q2",
    );
    expect(s).toEqual({ previous_quarter: "2026Q2", compared: 5, unchanged: 2, up: 1, down: 1, rate: 0.4 });
  });

  it("has no rate when nobody had a previous tier", () => {
    expect(stabilityOf([{ previous_tier: null, final_tier: "gold" }], ["gold"], "2026Q2").rate).toBeNull();
  });
});
