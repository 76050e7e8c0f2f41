// The partition planner: key ranges that cover every key once, and the SQL condition for one range.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type KeyRange,
  partitionCount,
  pgLiteral,
  planRanges,
  rangeCondition,
  rowNoBase,
} from "../../../src/extract/partition.js";

/** Which range a key falls in, by the ranges' own bounds (numeric comparison). */
const owners = (ranges: KeyRange[], key: bigint) =>
  ranges.filter(
    (r) => (r.lower === null || key >= BigInt(r.lower)) && (r.upper === null || key < BigInt(r.upper)),
  );

describe("partitionCount", () => {
  it.each([
    [0, 1000, 1],
    [999, 1000, 1],
    [1000, 1000, 1],
    [1001, 1000, 2],
    [2_500_000, 1_000_000, 3],
    [1e12, 1, 1024], // capped
  ])("%d rows at %d per partition → %d", (rows, per, n) => {
    expect(partitionCount(rows, per)).toBe(n);
  });
});

describe("planRanges with an integer key", () => {
  it("splits min..max into equal ranges, open at both ends", () => {
    expect(planRanges({ kind: "integer", min: "1", max: "1000", rows: 1000 }, 250)).toEqual([
      { index: 0, lower: null, upper: "251" },
      { index: 1, lower: "251", upper: "501" },
      { index: 2, lower: "501", upper: "751" },
      { index: 3, lower: "751", upper: null },
    ]);
  });

  it("keeps a small table, an empty one and a single key in one range", () => {
    const whole = [{ index: 0, lower: null, upper: null }];
    expect(planRanges({ kind: "integer", min: "1", max: "10", rows: 10 }, 100)).toEqual(whole);
    expect(planRanges({ kind: "integer", min: null, max: null, rows: 5000 }, 100)).toEqual(whole);
    expect(planRanges({ kind: "integer", min: "7", max: "7", rows: 5000 }, 100)).toEqual(whole);
  });

  it("never makes more ranges than there are keys", () => {
    expect(planRanges({ kind: "integer", min: "10", max: "12", rows: 9000 }, 100)).toEqual([
      { index: 0, lower: null, upper: "11" },
      { index: 1, lower: "11", upper: "12" },
      { index: 2, lower: "12", upper: null },
    ]);
  });

  it("handles keys beyond 2^53 exactly", () => {
    const r = planRanges({ kind: "integer", min: "9007199254740993", max: "9007199254740999", rows: 7 }, 3);
    expect(r.map((x) => x.upper)).toEqual(["9007199254740996", "9007199254740999", null]);
  });

  it("puts every key, inside or outside min..max, in exactly one range", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
        (min, span, rows, per, key) => {
          const max = min + span;
          const ranges = planRanges({ kind: "integer", min: String(min), max: String(max), rows }, per);
          expect(owners(ranges, key)).toHaveLength(1);
          expect(owners(ranges, min)).toHaveLength(1);
          expect(owners(ranges, max)).toHaveLength(1);
          expect(ranges.map((r) => r.index)).toEqual(ranges.map((_, i) => i));
        },
      ),
    );
  });
});

describe("planRanges with a sampled key", () => {
  const sample = Array.from({ length: 100 }, (_, i) => `E${String(i).padStart(7, "0")}`);

  it("takes boundaries at even steps through the sorted sample", () => {
    expect(planRanges({ kind: "sample", sample, rows: 4000 }, 1000)).toEqual([
      { index: 0, lower: null, upper: "E0000025" },
      { index: 1, lower: "E0000025", upper: "E0000050" },
      { index: 2, lower: "E0000050", upper: "E0000075" },
      { index: 3, lower: "E0000075", upper: null },
    ]);
  });

  it("collapses repeated values so one heavy key never spans two ranges", () => {
    const heavy = ["a", "b", "b", "b", "b", "b", "b", "c"];
    const r = planRanges({ kind: "sample", sample: heavy, rows: 8000 }, 1000);
    expect(r.map((x) => [x.lower, x.upper])).toEqual([
      [null, "b"],
      ["b", "c"],
      ["c", null],
    ]);
  });

  it("falls back to one range on an empty sample", () => {
    expect(planRanges({ kind: "sample", sample: [], rows: 9000 }, 1000)).toHaveLength(1);
  });
});

describe("rangeCondition", () => {
  const range = (lower: string | null, upper: string | null) => ({ index: 0, lower, upper });

  it("inlines checked integers and lets NULL keys into the first range", () => {
    expect(rangeCondition('"id"', range(null, "100"), "pg", true)).toEqual({
      sql: '("id" < 100 OR "id" IS NULL)',
      bindings: [],
    });
    expect(rangeCondition('"id"', range("100", "200"), "pg", true).sql).toBe('"id" >= 100 AND "id" < 200');
    expect(rangeCondition('"id"', range(null, null), "pg", true).sql).toBe("TRUE");
    expect(() => rangeCondition('"id"', range("1; DROP", null), "pg", true)).toThrow(/integer/);
  });

  it("quotes text bounds as Postgres literals, and binds them for MySQL", () => {
    expect(rangeCondition('"id"', range("O'Brien", null), "pg", false).sql).toBe(`"id" >= 'O''Brien'`);
    expect(rangeCondition("`no`", range("a", "b"), "mysql", false)).toEqual({
      sql: "`no` >= ? AND `no` < ?",
      bindings: ["a", "b"],
    });
  });

  it("refuses a NUL character in a literal", () => {
    expect(() => pgLiteral("a\0b")).toThrow(/NUL/);
  });
});

describe("rowNoBase", () => {
  it("gives each partition its own block of row numbers", () => {
    expect(rowNoBase(0)).toBe(0);
    expect(rowNoBase(3)).toBe(30_000_000_000);
    expect(Number.isSafeInteger(rowNoBase(1023) + 9_999_999_999)).toBe(true);
  });
});
