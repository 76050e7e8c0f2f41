// Publishing quarters: facts replaced in one transaction, tier history as SCD2 across quarters and
// republishes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStage } from "../../src/load/load.service.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv("load");
});
afterAll(async () => t?.cleanup());

/** Writes what the tier stage would have written for a run: golden records, features, tiers. */
async function tiered(runId: string, tiers: Record<string, string>) {
  for (const [customerId, tier] of Object.entries(tiers)) {
    await t
      .db("core.int_customers_golden")
      .insert({ run_id: runId, customer_id: customerId, name: `客户${customerId}`, source_rows: 1 });
    await t.db("core.customer_features").insert({
      run_id: runId,
      customer_id: customerId,
      revenue_cny: 100,
      gross_profit_cny: 10,
      order_count: 1,
      prev_revenue_cny: 0,
      tenure_days: 10,
      defaults_12m: 0,
    });
    await t.db("core.customer_tiers").insert({
      run_id: runId,
      customer_id: customerId,
      score: 50,
      threshold_tier: tier,
      model_tier: tier,
      final_tier: tier,
    });
  }
}

const ctx = (runId: string, quarter: string): StageContext => ({
  db: t.db,
  config: t.config(),
  runId,
  quarter,
  asOf: new Date("2026-12-01T00:00:00Z"),
  log: t.log,
});

async function history(customerId: string) {
  return t
    .db("marts.dim_customer")
    .where({ customer_id: customerId })
    .orderBy("valid_from")
    .select("tier", "valid_from_quarter", "is_current");
}

describe("load", () => {
  it("keeps tier history across quarters and replaces a republished quarter", async () => {
    await tiered("r-q2", { A: "gold", B: "silver" });
    await loadStage(ctx("r-q2", "2026Q2"));
    await tiered("r-q3", { A: "diamond", B: "silver", C: "standard" });
    await loadStage(ctx("r-q3", "2026Q3"));

    expect(await history("A")).toEqual([
      { tier: "gold", valid_from_quarter: "2026Q2", is_current: false },
      { tier: "diamond", valid_from_quarter: "2026Q3", is_current: true },
    ]);
    expect(await history("B")).toEqual([{ tier: "silver", valid_from_quarter: "2026Q2", is_current: true }]);
    expect(await history("C")).toEqual([
      { tier: "standard", valid_from_quarter: "2026Q3", is_current: true },
    ]);

    // A rerun of 2026Q3 in which A keeps gold: the earlier 2026Q3 change is taken back.
    await tiered("r-q3b", { A: "gold", B: "silver", C: "silver" });
    await loadStage(ctx("r-q3b", "2026Q3"));
    expect(await history("A")).toEqual([{ tier: "gold", valid_from_quarter: "2026Q2", is_current: true }]);
    expect(await history("C")).toEqual([{ tier: "silver", valid_from_quarter: "2026Q3", is_current: true }]);
    const facts = await t
      .db("marts.fct_customer_quarter")
      .where({ quarter: "2026Q3" })
      .select("customer_id", "run_id")
      .orderBy("customer_id");
    expect(facts).toEqual([
      { customer_id: "A", run_id: "r-q3b" },
      { customer_id: "B", run_id: "r-q3b" },
      { customer_id: "C", run_id: "r-q3b" },
    ]);
    const migration = await t
      .db("marts.v_tier_migration")
      .where({ from_quarter: "2026Q2", to_quarter: "2026Q3" })
      .orderBy(["from_tier", "to_tier"]);
    expect(migration.map((m) => [m.from_tier, m.to_tier, Number(m.customers)])).toEqual([
      ["gold", "gold", 1],
      ["silver", "silver", 1],
    ]);
  });
});
