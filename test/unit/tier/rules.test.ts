// The rule engine: every operator and action, rule order, max_drop from the previous tier, tags,
// and manual overrides applied last.
import { describe, expect, it } from "vitest";
import type { Rule, RuleCondition } from "../../../src/config/schema.js";
import { DataError } from "../../../src/errors.js";
import { applyOverrides, applyRules, evaluateCondition } from "../../../src/tier/rules.js";

const order = ["diamond", "gold", "silver", "standard"];
const rule = (id: string, when: RuleCondition, then: Rule["then"]): Rule => ({
  id,
  description: "",
  when,
  then,
});
const always: RuleCondition = { all: [] };

describe("evaluateCondition", () => {
  const f = { rating: "D", defaults: 2, revenue: "5000000", tier: "gold", empty: null };
  it.each([
    [{ field: "rating", op: "eq", value: "D" }, true],
    [{ field: "rating", op: "eq", value: "d" }, false],
    [{ field: "rating", op: "ne", value: "A" }, true],
    [{ field: "defaults", op: "gt", value: 0 }, true],
    [{ field: "defaults", op: "gt", value: 2 }, false],
    [{ field: "defaults", op: "gte", value: 2 }, true],
    [{ field: "defaults", op: "lt", value: 2 }, false],
    [{ field: "defaults", op: "lte", value: 2 }, true],
    [{ field: "revenue", op: "gte", value: 5000000 }, true], // numeric strings compare as numbers
    [{ field: "defaults", op: "eq", value: "2" }, true],
    [{ field: "tier", op: "in", value: ["diamond", "gold"] }, true],
    [{ field: "tier", op: "not_in", value: ["diamond", "gold"] }, false],
    [{ field: "empty", op: "is_null" }, true],
    [{ field: "absent", op: "is_null" }, true],
    [{ field: "rating", op: "not_null" }, true],
    [{ field: "empty", op: "gt", value: 0 }, false],
    [{ field: "empty", op: "lt", value: 0 }, false],
    [{ field: "empty", op: "eq", value: "D" }, false],
    [{ field: "empty", op: "ne", value: "D" }, true], // an unrated customer is "not D"
    [{ field: "rating", op: "gt", value: "C" }, false], // ordering needs numbers
    [
      {
        any: [
          { field: "rating", op: "eq", value: "A" },
          { field: "defaults", op: "gt", value: 0 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: "rating", op: "eq", value: "A" },
          { field: "defaults", op: "gt", value: 0 },
        ],
      },
      false,
    ],
    [
      {
        all: [
          { field: "rating", op: "eq", value: "D" },
          { any: [{ field: "tier", op: "eq", value: "gold" }] },
        ],
      },
      true,
    ],
  ] as [RuleCondition, boolean][])("%j → %s", (cond, expected) => {
    expect(evaluateCondition(cond, f)).toBe(expected);
  });
});

describe("applyRules", () => {
  it("applies set, floor and cap relative to the tier order", () => {
    expect(applyRules("standard", {}, [rule("s", always, { set: "gold" })], order).tier).toBe("gold");
    expect(applyRules("standard", {}, [rule("f", always, { floor: "silver" })], order).tier).toBe("silver");
    expect(applyRules("diamond", {}, [rule("f", always, { floor: "silver" })], order).tier).toBe("diamond");
    expect(applyRules("diamond", {}, [rule("c", always, { cap: "silver" })], order).tier).toBe("silver");
    expect(applyRules("standard", {}, [rule("c", always, { cap: "silver" })], order).tier).toBe("standard");
  });

  it("limits the drop from the previous tier, and ignores max_drop without one", () => {
    const keep = [rule("vip", always, { max_drop: 1 })];
    expect(applyRules("standard", { previous_tier: "diamond" }, keep, order).tier).toBe("gold");
    expect(applyRules("silver", { previous_tier: "diamond" }, keep, order).tier).toBe("gold");
    expect(applyRules("gold", { previous_tier: "diamond" }, keep, order).tier).toBe("gold");
    expect(applyRules("standard", { previous_tier: "silver" }, keep, order).tier).toBe("standard");
    expect(
      applyRules("standard", { previous_tier: "diamond" }, [rule("z", always, { max_drop: 0 })], order).tier,
    ).toBe("diamond");
    expect(applyRules("standard", { previous_tier: null }, keep, order).tier).toBe("standard");
    expect(applyRules("standard", { previous_tier: "platinum" }, keep, order).tier).toBe("standard");
  });

  it("applies rules in order, each to the previous result, and records every rule that fired", () => {
    const cap = rule("risk-cap", { field: "credit_rating", op: "eq", value: "D" }, { cap: "standard" });
    const vip = rule(
      "vip",
      { field: "previous_tier", op: "in", value: ["diamond", "gold"] },
      { max_drop: 1 },
    );
    const fields = { credit_rating: "D", previous_tier: "diamond" };
    const capFirst = applyRules("diamond", fields, [cap, vip], order);
    expect(capFirst.tier).toBe("gold");
    expect(capFirst.applied).toEqual([
      { rule: "risk-cap", action: "cap", before: "diamond", after: "standard" },
      { rule: "vip", action: "max_drop", before: "standard", after: "gold" },
    ]);
    const vipFirst = applyRules("diamond", fields, [vip, cap], order);
    expect(vipFirst.tier).toBe("standard");
    expect(vipFirst.applied.map((a) => [a.rule, a.before, a.after])).toEqual([
      ["vip", "diamond", "diamond"],
      ["risk-cap", "diamond", "standard"],
    ]);
  });

  it("skips rules whose condition fails and collects tags without changing the tier", () => {
    const rules = [
      rule("new", { field: "tenure_days", op: "lt", value: 365 }, { tag: "new" }),
      rule("old", { field: "tenure_days", op: "gte", value: 365 }, { tag: "loyal" }),
      rule("idle", { field: "recency_days", op: "gt", value: 180 }, { tag: "at-risk" }),
      rule("new-again", always, { tag: "new" }),
    ];
    const r = applyRules("silver", { tenure_days: 100, recency_days: 200 }, rules, order);
    expect(r.tier).toBe("silver");
    expect(r.tags).toEqual(["new", "at-risk"]);
    expect(r.applied).toEqual([
      { rule: "new", action: "tag", before: "silver", after: "silver", tag: "new" },
      { rule: "idle", action: "tag", before: "silver", after: "silver", tag: "at-risk" },
      { rule: "new-again", action: "tag", before: "silver", after: "silver", tag: "new" },
    ]);
  });
});

describe("applyOverrides", () => {
  it("applies overrides in order after the rules; the last one wins", () => {
    const r = applyOverrides(
      "standard",
      [
        { tier: "gold", reason: "strategic contract", approver: "cfo", kind: "override" },
        { tier: "silver", reason: "appeal upheld", approver: "sales-vp", kind: "appeal" },
      ],
      order,
    );
    expect(r.tier).toBe("silver");
    expect(r.isOverride).toBe(true);
    expect(r.applied).toEqual([
      {
        rule: "override:override",
        action: "set",
        before: "standard",
        after: "gold",
        reason: "strategic contract",
        approver: "cfo",
      },
      {
        rule: "override:appeal",
        action: "set",
        before: "gold",
        after: "silver",
        reason: "appeal upheld",
        approver: "sales-vp",
      },
    ]);
  });

  it("does nothing without overrides and refuses an unknown tier", () => {
    expect(applyOverrides("gold", [], order)).toEqual({ tier: "gold", applied: [], isOverride: false });
    expect(() =>
      applyOverrides("gold", [{ tier: "platinum", reason: "x", approver: "y", kind: "appeal" }], order),
    ).toThrow(DataError);
  });
});
