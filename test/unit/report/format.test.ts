import { describe, expect, it } from "vitest";
import { ruleIds, sheetName, tierMove, wallClock } from "../../../src/report/format.js";

describe("report format helpers", () => {
  it("shifts an instant to the wall clock of the zone (what exceljs then writes as is)", () => {
    expect(wallClock(new Date("2025-12-31T16:30:00Z"), "Asia/Shanghai").toISOString()).toBe(
      "2026-01-01T00:30:00.000Z",
    );
  });

  it("ranks tier moves top-down", () => {
    const order = ["diamond", "gold", "silver"];
    expect(tierMove(order, "gold", "diamond", "new")).toBe("↑");
    expect(tierMove(order, "gold", "silver", "new")).toBe("↓");
    expect(tierMove(order, "gold", "gold", "new")).toBe("→");
    expect(tierMove(order, null, "gold", "new")).toBe("new");
  });

  it("reads rule ids from whatever shape rules_applied has", () => {
    expect(ruleIds(["a", "b"])).toEqual(["a", "b"]);
    expect(ruleIds([{ rule: "a", from: "x" }, { id: 7 }])).toEqual(["a", "7"]);
    expect(ruleIds({ a: true, b: false })).toEqual(["a", "b"]);
    expect(ruleIds(null)).toEqual([]);
  });

  it("makes sheet names Excel accepts and keeps them unique", () => {
    const taken = new Set<string>();
    expect(sheetName("a/b:c", taken)).toBe("a_b_c");
    expect(sheetName("A/B:C", taken)).toBe("A_B_C (2)");
    expect(sheetName("x".repeat(40), taken)).toHaveLength(31);
  });
});
