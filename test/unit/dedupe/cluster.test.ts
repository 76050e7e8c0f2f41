// Union-find and the clustering of weighted links, with the split of would-be giant clusters.
import { describe, expect, it } from "vitest";
import { clusterEdges, EdgeList } from "../../../src/dedupe/cluster.js";
import { UnionFind } from "../../../src/dedupe/union-find.js";

describe("UnionFind", () => {
  it("joins sets and tracks their sizes", () => {
    const uf = new UnionFind(6);
    uf.union(0, 1);
    uf.union(2, 3);
    uf.union(1, 3);
    expect(uf.find(0)).toBe(uf.find(2));
    expect(uf.find(4)).not.toBe(uf.find(0));
    expect(uf.sizeOf(3)).toBe(4);
    expect(uf.sizeOf(5)).toBe(1);
    uf.union(0, 3); // already one set
    expect(uf.sizeOf(0)).toBe(4);
  });
});

/** Groups of record indices per cluster, sorted, for readable expectations. */
function groups(clusterOf: Int32Array): number[][] {
  const m = new Map<number, number[]>();
  clusterOf.forEach((c, i) => m.set(c, [...(m.get(c) ?? []), i]));
  return [...m.values()].sort((a, b) => a[0]! - b[0]!);
}

describe("clusterEdges", () => {
  it("joins records linked directly or through others, and keeps the rest apart", () => {
    const e = new EdgeList();
    e.push(0, 1, 20, "credit_code");
    e.push(1, 2, 10, "probabilistic");
    e.push(3, 4, 12, "email");
    const c = clusterEdges(6, e, 50);
    expect(groups(c.clusterOf)).toEqual([[0, 1, 2], [3, 4], [5]]);
    expect(c.clusterCount).toBe(3);
    expect(c.splits).toEqual([]);
  });

  it("records for each record the rule of the strongest link that touches it", () => {
    const e = new EdgeList();
    e.push(1, 2, 10, "probabilistic");
    e.push(0, 1, 20, "credit_code");
    const c = clusterEdges(4, e, 50);
    expect(Array.from(c.ruleOf)).toEqual([1, 1, 4, 0]); // credit_code, credit_code, probabilistic, single
  });

  it("splits a would-be giant cluster on its weakest link and reports it", () => {
    // Two tight groups {0,1,2} and {3,4,5} (weights 20) joined by one weak link 2–3 (weight 9): with at
    // most 3 records per cluster the weak link is cut, the strong ones all kept.
    const e = new EdgeList();
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [0, 2],
      [3, 4],
      [4, 5],
    ] as const)
      e.push(a, b, 20, "probabilistic");
    e.push(2, 3, 9, "probabilistic");
    const c = clusterEdges(6, e, 3);
    expect(groups(c.clusterOf)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(c.splits).toEqual([{ records: 6, parts: 2, largestPart: 3, cutEdges: 1, strongestCut: 9 }]);
  });

  it("keeps growing clusters up to the limit, strongest links first", () => {
    // A chain 0–1–2–3–4 with falling weights and a limit of 2: 0–1 (strongest) joins, 1–2 cannot, 2–3
    // joins, 3–4 cannot.
    const e = new EdgeList();
    [40, 30, 20, 10].forEach((w, k) => e.push(k, k + 1, w, "probabilistic"));
    const c = clusterEdges(5, e, 2);
    expect(groups(c.clusterOf)).toEqual([[0, 1], [2, 3], [4]]);
    expect(c.splits[0]).toMatchObject({ records: 5, parts: 3, cutEdges: 2, strongestCut: 30 });
  });

  it("grows its edge list past the initial capacity", () => {
    const e = new EdgeList();
    for (let k = 0; k < 5000; k++) e.push(k, k + 1, 1, "probabilistic");
    expect(e.count).toBe(5000);
    expect(clusterEdges(5001, e, 10_000).clusterCount).toBe(1);
  });
});
