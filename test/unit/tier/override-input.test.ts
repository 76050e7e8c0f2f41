// `retier override add` input: tiers from config, kinds, dates that exist, from ≤ to, every problem at once.
import { describe, expect, it } from "vitest";
import { isCalendarDate, validateOverride } from "../../../src/tier/override-input.js";

const ORDER = ["diamond", "gold", "silver", "standard"];
const ok = { customer: " C1 ", tier: "gold", reason: "签约", approver: "cfo" };

describe("validateOverride", () => {
  it("fills the defaults: kind override, from today, open-ended", () => {
    expect(validateOverride(ok, ORDER, "2026-11-25")).toEqual({
      customerId: "C1",
      tier: "gold",
      reason: "签约",
      approver: "cfo",
      kind: "override",
      validFrom: "2026-11-25",
      validTo: null,
    });
  });

  it("accepts an appeal with a date range", () => {
    const o = validateOverride(
      { ...ok, kind: "appeal", from: "2026-07-01", to: "2026-09-30" },
      ORDER,
      "2026-11-25",
    );
    expect([o.kind, o.validFrom, o.validTo]).toEqual(["appeal", "2026-07-01", "2026-09-30"]);
  });

  it("rejects an unknown tier, kind, impossible dates and a range ending before it starts, all in one message", () => {
    const bad = () =>
      validateOverride(
        { customer: "", tier: "platinum", reason: " ", approver: "cfo", kind: "bribe", from: "2026-02-30" },
        ORDER,
        "2026-11-25",
      );
    expect(bad).toThrow(/--customer: expected a non-empty value/);
    expect(bad).toThrow(/--reason: expected a non-empty value/);
    expect(bad).toThrow(/--tier: expected one of diamond, gold, silver, standard, got "platinum"/);
    expect(bad).toThrow(/--kind: expected one of override, appeal, got "bribe"/);
    expect(bad).toThrow(/--from: expected a date YYYY-MM-DD, got "2026-02-30"/);
    expect(() => validateOverride({ ...ok, from: "2026-07-01", to: "2026-06-30" }, ORDER, "x")).toThrow(
      /--to: 2026-06-30 is before --from 2026-07-01/,
    );
  });
});

describe("isCalendarDate", () => {
  it("knows leap years and the shape", () => {
    expect(["2024-02-29", "2026-12-31"].map(isCalendarDate)).toEqual([true, true]);
    expect(["2026-02-29", "2026-13-01", "2026-1-01", "20260101"].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
