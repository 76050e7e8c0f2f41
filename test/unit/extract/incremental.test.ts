// Full or incremental: the run parameter, and when an incremental extract must fall back to a full read.
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../src/config/schema.js";
import { DataError } from "../../../src/errors.js";
import { decideMode, parseMode, type PreviousExtract } from "../../../src/extract/incremental.js";
import { planEntity } from "../../../src/extract/mapping.js";

const source = {
  name: "crm",
  client: "mysql2",
  url_env: "CRM_URL",
  statement_timeout_ms: 1000,
  max_parallel: 2,
  entities: {
    customer: {
      table: "customers",
      columns: { source_key: "cust_no", name: "name", updated_at: "modified" },
    },
    order: {
      table: "orders",
      columns: {
        source_key: "id",
        customer_key: "cust",
        order_at: "at",
        currency: "cur",
        total_amount: "amt",
      },
    },
  },
} as unknown as SourceConfig;
const plan = planEntity(source, "customer")!;
const previous: PreviousExtract = {
  run_id: "2026Q3-cron-a",
  watermark: "2026-09-30 23:59:59",
  watermark_column: "modified",
  mapping: plan.sql,
  rows_total: "120",
  typed_fields: {},
  source_key_unique: false,
};
const base = { rows: 120, maxRowNo: 130 };

describe("parseMode", () => {
  it("defaults to full and accepts the two modes", () => {
    expect(parseMode(undefined)).toBe("full");
    expect(parseMode("full")).toBe("full");
    expect(parseMode("incremental")).toBe("incremental");
  });

  it("rejects anything else as a data error naming the parameter", () => {
    expect(() => parseMode("nightly")).toThrow(DataError);
    expect(() => parseMode(3)).toThrow(/run parameter mode/);
  });
});

describe("decideMode", () => {
  it("continues from the previous extract when everything it needs holds", () => {
    expect(decideMode("incremental", plan, previous, base)).toEqual({
      kind: "incremental",
      baseRunId: "2026Q3-cron-a",
      since: "2026-09-30 23:59:59",
      baseMaxRowNo: 130,
    });
  });

  it.each([
    ["a full run was asked for", "full", previous, base, /full extract requested/],
    ["this is the first extract", "incremental", undefined, undefined, /no earlier extract/],
    ["the mapping changed", "incremental", { ...previous, mapping: "SELECT 1" }, base, /mapping changed/],
    [
      "the column changed",
      "incremental",
      { ...previous, watermark_column: "created" },
      base,
      /mapping changed/,
    ],
    ["the table was empty", "incremental", { ...previous, watermark: null }, base, /empty table/],
    ["staged rows were purged", "incremental", previous, { rows: 100, maxRowNo: 100 }, /no longer complete/],
  ] as const)("reads in full when %s", (_why, mode, prev, b, reason) => {
    const m = decideMode(mode, plan, prev, b);
    expect(m.kind).toBe("full");
    expect(m.kind === "full" && m.why).toMatch(reason);
  });

  it("reads a table without a change-time column in full", () => {
    const orders = planEntity(source, "order")!;
    expect(orders.watermark).toBeNull();
    expect(decideMode("incremental", orders, previous, base)).toMatchObject({ kind: "full" });
  });
});
