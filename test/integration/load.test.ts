// Publishing quarters: facts replaced in one transaction, tier history as SCD2 across quarters and
// republishes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlFile } from "../../src/db/sql-file.js";
import { inPgTransaction } from "../../src/db/warehouse.js";
import { loadStage } from "../../src/load/load.service.js";
import { addQuarters, localDate, parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv("load");
});
afterAll(async () => t?.cleanup());

/**
 * Writes what the tier stage would have written for a run: golden records, features, tiers. A customer's
 * name is 客户<id> unless `names` gives another.
 */
async function tiered(runId: string, tiers: Record<string, string>, names: Record<string, string> = {}) {
  const ids = Object.keys(tiers);
  await t
    .db("core.int_customers_golden")
    .insert(
      ids.map((id) => ({ run_id: runId, customer_id: id, name: names[id] ?? `客户${id}`, source_rows: 1 })),
    );
  await t.db("core.customer_features").insert(
    ids.map((id) => ({
      run_id: runId,
      customer_id: id,
      revenue_cny: 100,
      gross_profit_cny: 10,
      order_count: 1,
      prev_revenue_cny: 0,
      tenure_days: 10,
      defaults_12m: 0,
    })),
  );
  await t.db("core.customer_tiers").insert(
    ids.map((id) => ({
      run_id: runId,
      customer_id: id,
      score: 50,
      threshold_tier: tiers[id],
      model_tier: tiers[id],
      final_tier: tiers[id],
    })),
  );
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

  it("swaps the quarter's partition: other quarters untouched, rows put in by hand replaced", async () => {
    // A row of 2026Q4 written straight into the facts (before any load of 2026Q4) lands in the default
    // partition; publishing 2026Q4 replaces it.
    await t.db("marts.fct_customer_quarter").insert({
      quarter: "2026Q4",
      customer_id: "HAND",
      run_id: "by-hand",
      customer_name: "手工",
      revenue_cny: 1,
      gross_profit_cny: 1,
      order_count: 1,
      tenure_days: 1,
      defaults_12m: 0,
      score: 1,
      model_tier: "gold",
      final_tier: "gold",
      rules_applied: "[]",
      top_contributors: "[]",
      tags: [],
      is_override: false,
      published_at: new Date(),
    });
    const q2 = await t.db("marts.fct_customer_quarter").where({ quarter: "2026Q2" }).orderBy("customer_id");
    await tiered("r-q4", { A: "gold", D: "standard" });
    await loadStage(ctx("r-q4", "2026Q4"));
    await tiered("r-q4b", { A: "gold", E: "silver" });
    await loadStage(ctx("r-q4b", "2026Q4"));

    const facts = await t
      .db("marts.fct_customer_quarter")
      .where({ quarter: "2026Q4" })
      .orderBy("customer_id")
      .select("customer_id", "run_id", "final_tier");
    expect(facts).toEqual([
      { customer_id: "A", run_id: "r-q4b", final_tier: "gold" },
      { customer_id: "E", run_id: "r-q4b", final_tier: "silver" },
    ]);
    expect(
      await t.db("marts.fct_customer_quarter").where({ quarter: "2026Q2" }).orderBy("customer_id"),
    ).toEqual(q2);
    const partitions = await t.db.raw<{ rows: { name: string; bound: string }[] }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'marts.fct_customer_quarter'::regclass ORDER BY 1`,
    );
    expect(partitions.rows).toEqual([
      { name: "fct_customer_quarter_2026q2", bound: "FOR VALUES IN ('2026Q2')" },
      { name: "fct_customer_quarter_2026q3", bound: "FOR VALUES IN ('2026Q3')" },
      { name: "fct_customer_quarter_2026q4", bound: "FOR VALUES IN ('2026Q4')" },
      { name: "fct_customer_quarter_default", bound: "DEFAULT" },
    ]);
  });

  it("leaves a republished quarter's history rows alone where the new facts repeat them", async () => {
    await t.db.raw("TRUNCATE marts.dim_customer, marts.published_quarters, marts.fct_customer_quarter");
    await tiered("r-k1", { K: "gold", L: "silver", M: "standard" });
    await loadStage(ctx("r-k1", "2027Q1"));
    const before = await t
      .db("marts.dim_customer")
      .orderBy("customer_id")
      .select("customer_id", "customer_sk");
    await tiered("r-k2", { K: "gold", L: "gold", M: "standard" }, { M: "新名称" });
    await loadStage(ctx("r-k2", "2027Q1"));
    const after = await t
      .db("marts.dim_customer")
      .orderBy("customer_id")
      .select("customer_id", "customer_sk", "tier", "customer_name", "run_id");
    // K unchanged: the same row, from the run that wrote it; L's tier and M's name changed: new rows.
    expect(after.map((r) => [r.customer_id, r.tier, r.customer_name, r.run_id])).toEqual([
      ["K", "gold", "客户K", "r-k1"],
      ["L", "gold", "客户L", "r-k2"],
      ["M", "standard", "新名称", "r-k2"],
    ]);
    expect(after[0].customer_sk).toBe(before[0].customer_sk);
    expect(after[1].customer_sk).not.toBe(before[1].customer_sk);
  });

  it("keeps the history a full take-back-and-redo of every publish would give (random publish sequences)", async () => {
    const TIERS = ["diamond", "gold", "silver", "standard"];
    const QUARTERS = ["2027Q2", "2027Q3", "2027Q4"];
    const CUSTOMERS = ["P", "Q", "R", "S", "T"];
    const tz = ctx("x", "2027Q2").config.timezone;
    const effective = (quarter: string) =>
      localDate(quarterBounds(addQuarters(parseQuarter(quarter), 1), tz).start, tz);
    interface Row {
      customer: string;
      name: string;
      tier: string;
      from: string;
      validFrom: string;
      validTo: string | null;
    }
    /** The documented semantics, step by step over every row (what scd2_* did before it skipped rows). */
    function reference(rows: Row[], quarter: string, facts: Map<string, { tier: string; name: string }>) {
      const e = effective(quarter);
      const next = rows.filter((r) => r.from !== quarter).map((r) => ({ ...r }));
      const current = (c: string) => next.find((r) => r.customer === c && r.validTo === null);
      for (const r of next) if (r.validTo === e && !current(r.customer)) r.validTo = null;
      for (const [c, f] of facts) {
        const cur = current(c);
        if (cur && cur.tier !== f.tier) cur.validTo = e;
      }
      for (const [c, f] of facts)
        if (!current(c))
          next.push({ customer: c, name: f.name, tier: f.tier, from: quarter, validFrom: e, validTo: null });
      return next;
    }
    const publish = fc.record({
      quarter: fc.constantFrom(...QUARTERS),
      facts: fc.dictionary(
        fc.constantFrom(...CUSTOMERS),
        fc.record({ tier: fc.constantFrom(...TIERS), renamed: fc.boolean() }),
        { minKeys: 1 },
      ),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(publish, { minLength: 1, maxLength: 6 }), async (publishes) => {
        await t.db.raw("TRUNCATE marts.dim_customer, marts.published_quarters, marts.fct_customer_quarter");
        let model: Row[] = [];
        let latest = "";
        for (const p of publishes) {
          const runId = `r-p${++run}`;
          const facts = new Map(
            Object.entries(p.facts).map(([c, f]) => [
              c,
              { tier: f.tier, name: f.renamed ? `改名${c}` : `客户${c}` },
            ]),
          );
          await tiered(
            runId,
            Object.fromEntries([...facts].map(([c, f]) => [c, f.tier])),
            Object.fromEntries([...facts].map(([c, f]) => [c, f.name])),
          );
          await loadStage(ctx(runId, p.quarter));
          if (p.quarter >= latest) model = reference(model, p.quarter, facts);
          if (p.quarter > latest) latest = p.quarter;
        }
        const rows = await t.db.raw<{ rows: Row[] }>(
          `SELECT customer_id AS customer, customer_name AS name, tier, valid_from_quarter AS "from",
                  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
           FROM marts.dim_customer`,
        );
        const key = (r: Row) => JSON.stringify([r.customer, r.validFrom, r.from, r.tier, r.name, r.validTo]);
        expect(rows.rows.map(key).sort()).toEqual(model.map(key).sort());
      }),
      { numRuns: 25 },
    );
  });

  it("plans every history step as joins: no subquery run once per history row", async () => {
    // Written as NOT (… AND EXISTS (…)), the undo's test ran its subquery per row: minutes at 1 M
    // customers, unseen at test sizes. A sublink the planner pulls up becomes a join at any size.
    const steps: [string, unknown[]][] = [
      ["load/scd2_undo", ["2026Q3", "2026-10-01"]],
      ["load/scd2_reopen", ["2026-10-01"]],
      ["load/scd2_close", ["2026-10-01"]],
      ["load/scd2_open", ["2026Q3", "2026-10-01", "r"]],
    ];
    const plans = await inPgTransaction(t.db, async (c) => {
      await c.query("CREATE TABLE marts.fct_customer_quarter_next (LIKE marts.fct_customer_quarter)");
      const out: string[] = [];
      for (const [file, params] of steps) {
        const { rows } = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sqlFile(file)}`, params);
        out.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
      }
      await c.query("ROLLBACK AND CHAIN"); // nothing of this stays
      return out;
    });
    for (const [i, plan] of plans.entries()) {
      expect(plan, steps[i]![0]).not.toMatch(/SubPlan/);
      expect(plan, steps[i]![0]).toMatch(/Anti Join|Join/);
    }
  });
});
