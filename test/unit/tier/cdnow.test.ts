// Real data: the CDNOW purchase history (23 570 customers). K-means must reach the quality of many
// random restarts, and tiering with the default config must order customers sensibly.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { assignTiers } from "../../../src/tier/assign.js";
import { kmeans } from "../../../src/tier/kmeans.js";
import { bestOfRestarts, loadCdnow } from "./support.js";

const customers = loadCdnow();

/** spend and orders log1p, recency as is, each min-max scaled to 0–1 (computed here, not by normalise.ts). */
function features(): Float64Array {
  const cols = [
    customers.map((c) => Math.log1p(c.spend)),
    customers.map((c) => Math.log1p(c.orders)),
    customers.map((c) => c.recencyDays),
  ];
  const x = new Float64Array(customers.length * 3);
  cols.forEach((col, t) => {
    const lo = Math.min(...col);
    const hi = Math.max(...col);
    col.forEach((v, i) => (x[i * 3 + t] = (v - lo) / (hi - lo)));
  });
  return x;
}

describe("CDNOW", () => {
  it("has the 23 570 customers the data set documents", () => {
    expect(customers.length).toBe(23_570);
  });

  it("K-means inertia is within 1% of the best of 30 random restarts", () => {
    const x = features();
    const r = kmeans(x, 3, { k: 4, seed: 20260101 });
    expect(r.inertia).toBeLessThanOrEqual(bestOfRestarts(x, 3, 4, 30, 17) * 1.01);
  });

  it("tiers with the default config put bigger, more frequent, more recent buyers higher", async () => {
    const cfg = loadConfig({ env: {} });
    const input = customers.map((c) => ({
      customer_id: c.id,
      features: { revenue_cny: c.spend, order_count: c.orders, recency_days: c.recencyDays },
      fields: { revenue_cny: c.spend, recency_days: c.recencyDays },
      previous_tier: null,
    }));
    const { results, model } = await assignTiers(input, cfg, { seed: cfg.scoring.seed });
    expect(model.kmeans.status).toBe("ran");
    const spendBy = new Map(customers.map((c) => [c.id, c.spend]));
    const order = cfg.tiers.map((t) => t.code);
    const meanSpend = order.map((tier) => {
      const inTier = results.filter((r) => r.kmeans_tier === tier);
      return inTier.reduce((a, r) => a + spendBy.get(r.customer_id)!, 0) / inTier.length;
    });
    for (let i = 1; i < meanSpend.length; i++) expect(meanSpend[i - 1]!).toBeGreaterThan(meanSpend[i]!);
    expect(results.every((r) => Number.isFinite(r.score))).toBe(true);
    expect(model.tier_counts.reduce((a, t) => a + t.final, 0)).toBe(customers.length);
  });
});
