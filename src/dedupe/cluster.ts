// Clusters records from weighted match edges: union-find taking the strongest edges first and refusing
// any merge that would make a cluster larger than the limit, so a would-be giant cluster breaks along its
// weakest links. The would-be giants are reported. Pure.
import { UnionFind } from "./union-find.js";

/** Why a record joined its cluster: the rule of the strongest accepted edge touching it. */
export const MATCH_RULES = ["single", "credit_code", "mobile", "email", "probabilistic"] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/** A growable list of edges in parallel typed arrays (millions of edges, no object per edge). */
export class EdgeList {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  weight = new Float64Array(1024);
  rule = new Uint8Array(1024);
  count = 0;

  push(a: number, b: number, weight: number, rule: MatchRule): void {
    if (this.count === this.a.length) this.grow();
    const k = this.count++;
    this.a[k] = a;
    this.b[k] = b;
    this.weight[k] = weight;
    this.rule[k] = MATCH_RULES.indexOf(rule);
  }

  private grow(): void {
    const size = this.a.length * 2;
    const a = new Int32Array(size);
    const b = new Int32Array(size);
    const weight = new Float64Array(size);
    const rule = new Uint8Array(size);
    a.set(this.a);
    b.set(this.b);
    weight.set(this.weight);
    rule.set(this.rule);
    Object.assign(this, { a, b, weight, rule });
  }
}

/** A cluster the edges would have formed above the size limit, and how it was split. */
export interface SplitCluster {
  records: number;
  parts: number;
  largestPart: number;
  cutEdges: number;
  /** The strongest edge that had to be cut (a high value means the split broke a confident match). */
  strongestCut: number;
}

export interface Clustering {
  /** Cluster index per record, numbered in order of each cluster's first record. */
  clusterOf: Int32Array;
  clusterCount: number;
  /** Index into MATCH_RULES per record. */
  ruleOf: Uint8Array;
  splits: SplitCluster[];
}

export function clusterEdges(n: number, edges: EdgeList, maxSize: number): Clustering {
  const order = new Int32Array(edges.count);
  for (let k = 0; k < edges.count; k++) order[k] = k;
  const { a, b, weight, rule } = edges;
  order.sort((x, y) => weight[y]! - weight[x]! || a[x]! - a[y]! || b[x]! - b[y]!);

  const uf = new UnionFind(n);
  const ruleOf = new Uint8Array(n);
  const cut: number[] = [];
  for (const k of order) {
    const ra = uf.find(a[k]!);
    const rb = uf.find(b[k]!);
    if (ra !== rb && uf.sizeOf(ra) + uf.sizeOf(rb) > maxSize) {
      cut.push(k);
      continue;
    }
    uf.union(ra, rb);
    if (ruleOf[a[k]!] === 0) ruleOf[a[k]!] = rule[k]!;
    if (ruleOf[b[k]!] === 0) ruleOf[b[k]!] = rule[k]!;
  }

  const index = new Map<number, number>();
  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    let c = index.get(root);
    if (c === undefined) index.set(root, (c = index.size));
    clusterOf[i] = c;
  }
  return {
    clusterOf,
    clusterCount: index.size,
    ruleOf,
    splits: cut.length ? splitReport(n, edges, cut, clusterOf) : [],
  };
}

/** Re-forms the would-be giants (all edges, no limit) to say how each was split. */
function splitReport(n: number, edges: EdgeList, cut: number[], clusterOf: Int32Array): SplitCluster[] {
  const whole = new UnionFind(n);
  for (let k = 0; k < edges.count; k++) whole.union(edges.a[k]!, edges.b[k]!);
  const giants = new Map<number, { parts: Map<number, number>; cutEdges: number; strongestCut: number }>();
  for (const k of cut) {
    const root = whole.find(edges.a[k]!);
    let g = giants.get(root);
    if (!g) giants.set(root, (g = { parts: new Map(), cutEdges: 0, strongestCut: -Infinity }));
    g.cutEdges++;
    g.strongestCut = Math.max(g.strongestCut, edges.weight[k]!);
  }
  for (let i = 0; i < n; i++) {
    const g = giants.get(whole.find(i));
    if (g) g.parts.set(clusterOf[i]!, (g.parts.get(clusterOf[i]!) ?? 0) + 1);
  }
  return [...giants.values()]
    .map((g) => {
      const sizes = [...g.parts.values()];
      return {
        records: sizes.reduce((s, x) => s + x, 0),
        parts: sizes.length,
        largestPart: Math.max(...sizes),
        cutEdges: g.cutEdges,
        strongestCut: Math.round(g.strongestCut * 100) / 100,
      };
    })
    .sort((x, y) => y.records - x.records);
}
