// The batch run's columnar path (warehouse rows → typed columns → columnar results) against the
// per-customer path (CustomerInput objects → TierResult objects): the same customers must get the same
// scores, tiers, rules, contributors and tags, whatever the rules read and however many there are.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import type { Rule } from "../../../src/config/schema.js";
import { assignBatch, assignTiers, scoreOne, type TierInputConfig } from "../../../src/tier/assign.js";
import {
  configFeatures,
  overridesByCustomer,
  toCustomerInput,
  type FeatureRow,
} from "../../../src/tier/customer-input.js";
import { FeatureColumns } from "../../../src/tier/feature-columns.js";
import { resultAt } from "../../../src/tier/tier-results.js";
import { featureRows, overrideRows } from "./support.js";

const base: TierInputConfig = loadConfig({ env: {} });
const rule = (id: string, when: Rule["when"], then: Rule["then"]): Rule => ({
  id,
  description: id,
  when,
  then,
});

/** Rules that read every kind of field: computed values, indicator points, text, mixed, absent. */
const extraRules: Rule[] = [
  rule("weak-credit", { field: "credit", op: "lt", value: 20 }, { tag: "weak-credit" }),
  rule(
    "score-floor",
    {
      all: [
        { field: "score", op: "gte", value: 45 },
        { field: "model_tier", op: "eq", value: "silver" },
      ],
    },
    { floor: "gold" },
  ),
  rule("vip-id", { field: "customer_id", op: "in", value: ["c0005", "c\\0007\tx"] }, { set: "diamond" }),
  rule("cluster-0", { field: "cluster", op: "eq", value: 0 }, { tag: "c0" }),
  rule("no-margin", { field: "margin", op: "is_null" }, { tag: "no-margin" }),
  rule("segment-5", { field: "segment", op: "eq", value: "5" }, { cap: "silver" }),
  rule("not-a-field", { field: "nothing", op: "not_null" }, { tag: "never" }),
  rule("legacy", { field: "previous_tier", op: "eq", value: "legacy" }, { max_drop: 0 }),
];

/** More than 32 rules: the fired set no longer fits one 32-bit word. */
const manyRules: Rule[] = Array.from({ length: 40 }, (_, k) =>
  rule(`r${k}`, { field: "score", op: "gt", value: k * 2.5 }, k % 4 ? { tag: `t${k % 6}` } : { max_drop: 1 }),
);

async function bothPaths(cfg: TierInputConfig, rows: FeatureRow[]) {
  const byCustomer = overridesByCustomer(overrideRows);
  const names = configFeatures(cfg.scoring);
  const inputs = rows.map((r) => toCustomerInput(r, names, byCustomer.get(r.customer_id)));
  const objects = await assignTiers(inputs, cfg, { seed: 5 });
  const columns = new FeatureColumns(byCustomer);
  for (const r of rows) columns.push(r);
  const batch = await assignBatch(columns, cfg, { seed: 5 });
  return { inputs, objects, batch, columns };
}

describe("the columnar batch run", () => {
  const rows = featureRows(400);

  it.each([
    ["the default rules and rules reading every kind of field", [...base.rules, ...extraRules]],
    ["40 rules", manyRules],
  ])("gives every customer the per-customer path's result with %s", async (_, rules) => {
    const cfg = { ...base, rules };
    const { inputs, objects, batch } = await bothPaths(cfg, rows);
    expect(batch.model).toEqual(objects.model);
    const results = Array.from({ length: batch.results.size }, (_, i) => resultAt(batch.results, i));
    expect(results).toEqual(objects.results);
    // scoreOne decides each customer on its own (decide.ts finish, rules.ts applyRules): an independent check
    // of the rule outcomes the batch shares between customers.
    const stored = JSON.parse(JSON.stringify(batch.model));
    inputs.forEach((c, i) => expect(scoreOne(c, stored, cfg)).toEqual(results[i]));
    // The test is only as good as its variety: overrides, rules that change tiers, tags.
    expect(results.filter((r) => r.is_override)).toHaveLength(3);
    expect(results.some((r) => r.rules_applied.some((a) => a.before !== a.after))).toBe(true);
    expect(results.some((r) => r.tags.length > 1)).toBe(true);
  });

  it("reads each column as toCustomerInput does", async () => {
    const { columns } = await bothPaths(base, rows);
    const names = configFeatures(base.scoring);
    expect(columns.size).toBe(rows.length);
    for (const f of names) {
      const col = columns.featureColumn(f);
      rows.forEach((r, i) => expect(col[i]).toBe(toCustomerInput(r, names, undefined).features[f] ?? NaN));
    }
    expect(Array.from(columns.featureColumn("absent"))).toEqual(rows.map(() => NaN));
    rows.forEach((r, i) => {
      expect(columns.customerId(i)).toBe(r.customer_id);
      expect(columns.previousTier(i)).toBe(r.previous_tier);
      for (const name of Object.keys(r)) expect(columns.ruleValue(i, name, () => undefined)).toBe(r[name]);
      expect(columns.ruleValue(i, "credit", (p) => (p === "credit" ? 42 : undefined))).toBe(42);
    });
    expect(columns.overrides(12)).toBeUndefined();
    expect(columns.overrides(rows.findIndex((r) => r.customer_id === "c0010"))).toHaveLength(2);
  });
});
