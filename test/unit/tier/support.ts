// Test support for the tier stage: a tiny independent PRNG, Gaussian blobs, a naive reference
// K-means (random restarts, plain Lloyd), partition comparison, warehouse-shaped feature rows, and the
// CDNOW data set.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FeatureRow, OverrideRow } from "../../../src/tier/customer-input.js";

/** Park–Miller style LCG: deliberately not the code under test's generator. */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
}

/** `perBlob` points around each centre with standard deviation sigma; truth[i] = blob of row i. */
export function blobs(centres: number[][], perBlob: number, sigma: number, seed: number) {
  const rand = lcg(seed);
  const d = centres[0]!.length;
  const n = centres.length * perBlob;
  const x = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = i % centres.length; // interleaved, so no algorithm can lean on row order
    truth[i] = b;
    for (let t = 0; t < d; t++) x[i * d + t] = centres[b]![t]! + sigma * gaussian(rand);
  }
  return { x, d, n, truth };
}

/** True when two labelings group the rows identically (up to renaming the clusters). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if ((ab.get(p) ?? q) !== q || (ba.get(q) ?? p) !== p) return false;
    ab.set(p, q);
    ba.set(q, p);
  }
  return true;
}

/** Naive K-means: Forgy init (k distinct random rows), plain Lloyd to a fixed point; returns inertia. */
export function naiveKMeans(x: Float64Array, d: number, k: number, rand: () => number): number {
  const n = x.length / d;
  const picked = new Set<number>();
  while (picked.size < k) picked.add(Math.floor(rand() * n));
  const init = [...picked].flatMap((i) => Array.from(x.subarray(i * d, i * d + d)));
  return naiveLloyd(x, d, k, init).inertia;
}

/** Plain Lloyd from given centres until no label changes (an empty cluster keeps its centre). */
export function naiveLloyd(x: Float64Array, d: number, k: number, init: number[]) {
  const n = x.length / d;
  const c = [...init];
  const labels = new Int32Array(n).fill(-1);
  let inertia = 0;
  for (let iter = 0; iter < 500; iter++) {
    let changed = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += (x[i * d + t]! - c[j * d + t]!) ** 2;
        if (s < bestD) [best, bestD] = [j, s];
      }
      if (labels[i] !== best) changed = true;
      labels[i] = best;
      inertia += bestD;
    }
    if (!changed) break;
    const sums = new Array<number>(k * d).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]!++;
      for (let t = 0; t < d; t++) sums[labels[i]! * d + t]! += x[i * d + t]!;
    }
    for (let j = 0; j < k; j++)
      if (counts[j]) for (let t = 0; t < d; t++) c[j * d + t] = sums[j * d + t]! / counts[j]!;
  }
  return { inertia, labels, centroids: c };
}

export function bestOfRestarts(
  x: Float64Array,
  d: number,
  k: number,
  restarts: number,
  seed: number,
): number {
  const rand = lcg(seed);
  let best = Infinity;
  for (let r = 0; r < restarts; r++) best = Math.min(best, naiveKMeans(x, d, k, rand));
  return best;
}

const PREVIOUS_TIERS = ["diamond", "gold", "silver", "standard", "legacy", null];

/** Rows as sql/tier/load_features.sql returns them, plus `segment`, a column of mixed kinds. */
export function featureRows(n: number): FeatureRow[] {
  const rand = lcg(77);
  const maybe = (p: number, v: number) => (rand() < p ? null : v);
  return Array.from({ length: n }, (_, i) => {
    const active = rand() < 0.85;
    const revenue = active ? Math.round(Math.exp(9 + 6 * rand()) * 100) / 100 : 0;
    return {
      customer_id: i === 7 ? "c\\0007\tx" : `c${String(i).padStart(4, "0")}`,
      revenue_cny: revenue,
      gross_profit_cny: Math.round(revenue * rand() * 30) / 100,
      margin: revenue > 0 ? rand() * 0.3 : null,
      order_count: active ? Math.floor(rand() * 120) : 0,
      recency_days: active ? Math.floor(rand() * 365) : null,
      avg_payment_days: maybe(0.1, rand() * 120),
      overdue_share: maybe(0.1, rand() < 0.7 ? 0 : rand()),
      growth_rate: maybe(0.15, rand() * 3 - 1),
      tenure_days: Math.floor(rand() * 3650),
      // Null first: the column starts as numbers and turns out to be text.
      credit_rating: i < 3 ? null : (["A", "B", "C", "D"][Math.floor(rand() * 4)] ?? null),
      credit_score: maybe(0.05, rand() * 100),
      defaults_12m: rand() < 0.05 ? 1 : 0,
      previous_tier: PREVIOUS_TIERS[Math.floor(rand() * PREVIOUS_TIERS.length)] ?? null,
      segment: i % 5 === 0 ? null : i % 3 ? i % 7 : String(i % 7),
    };
  });
}

export const overrideRows: OverrideRow[] = [
  { customer_id: "c0003", tier: "gold", reason: "战略\t客户", approver: "cfo", kind: "override" },
  { customer_id: "c0010", tier: "standard", reason: "appeal lost", approver: "cfo", kind: "appeal" },
  { customer_id: "c0010", tier: "silver", reason: "re-appeal", approver: "ceo", kind: "appeal" },
  { customer_id: "c0011", tier: "diamond", reason: "x", approver: "y", kind: "override" },
];

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CDNOW_PATH = resolve(PROJECT_ROOT, "../shared/datasets/cdnow/CDNOW_master.txt");

export interface CdnowCustomer {
  id: string;
  spend: number;
  orders: number;
  /** Days from the last purchase to the end of the data (1998-06-30). */
  recencyDays: number;
}

/** CDNOW purchases aggregated per customer; fails loudly when shared/ is not beside the repo. */
export function loadCdnow(): CdnowCustomer[] {
  if (!existsSync(CDNOW_PATH))
    throw new Error(
      `CDNOW data set not found at ${CDNOW_PATH}: the tier tests need shared/datasets/cdnow/CDNOW_master.txt ` +
        "in a shared/ directory beside the repository (as CI lays it out)",
    );
  const end = Date.UTC(1998, 5, 30);
  const byId = new Map<string, { spend: number; orders: number; last: number }>();
  for (const line of readFileSync(CDNOW_PATH, "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 4 || !/^\d{8}$/.test(f[1]!)) continue; // the header line and blank lines
    const [id, date, , dollars] = f as [string, string, string, string];
    const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    const c = byId.get(id) ?? { spend: 0, orders: 0, last: 0 };
    c.spend += Number(dollars);
    c.orders += 1;
    c.last = Math.max(c.last, at);
    byId.set(id, c);
  }
  return [...byId].map(([id, c]) => ({
    id,
    spend: c.spend,
    orders: c.orders,
    recencyDays: (end - c.last) / 86_400_000,
  }));
}
