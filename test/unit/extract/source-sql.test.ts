// The SQL the extract runs on a source: mapping extras, range and changed-since filters, key samples.
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../../src/config/schema.js";
import { extraColumns, missingColumns, planEntity } from "../../../src/extract/mapping.js";
import { changedSinceSelect, rangeSelect, sampleSql } from "../../../src/extract/source-sql.js";

const entities = {
  customer: {
    table: "erp.customers",
    columns: { source_key: "id", name: "company_name", updated_at: "updated_at" },
    partition: { column: "id", rows_per_partition: 1000 },
  },
  order: {
    table: "erp.orders",
    columns: {
      source_key: "id",
      customer_key: "customer_id",
      order_at: "ordered_at",
      currency: "cur",
      total_amount: "total",
    },
    incremental: { column: "changed_at", lookback_seconds: 60 },
  },
};
const pgSource = { name: "erp", client: "pg", entities } as unknown as SourceConfig;
const mySource = { name: "crm", client: "mysql2", entities } as unknown as SourceConfig;

describe("planEntity", () => {
  it("takes the watermark from updated_at unless incremental.column names one", () => {
    expect(planEntity(pgSource, "customer")!.watermark).toEqual({
      column: "updated_at",
      lookbackSeconds: 300,
    });
    expect(planEntity(pgSource, "order")!.watermark).toEqual({ column: "changed_at", lookbackSeconds: 60 });
    expect(planEntity(pgSource, "customer")!.partition).toEqual({ column: "id", rowsPerPartition: 1000 });
  });

  it("checks the partition and watermark columns like mapped ones", () => {
    const orders = planEntity(pgSource, "order")!;
    expect(extraColumns(orders)).toEqual(["changed_at"]);
    expect(missingColumns(orders, ["id", "customer_id", "ordered_at", "cur", "total"])).toEqual([
      "changed_at",
    ]);
    expect(missingColumns(orders, ["ID", "customer_id", "ordered_at", "cur", "total", "changed_at"])).toEqual(
      [],
    );
  });
});

describe("rangeSelect", () => {
  it("narrows the table's SELECT to the range, or leaves a whole-table range alone", () => {
    const plan = planEntity(pgSource, "customer")!;
    expect(rangeSelect(plan, { index: 1, lower: "E1", upper: "E5" }, false).sql).toBe(
      `${plan.sql} WHERE "id" >= 'E1' AND "id" < 'E5'`,
    );
    expect(rangeSelect(plan, { index: 0, lower: null, upper: null }, false).sql).toBe(plan.sql);
  });
});

describe("changedSinceSelect", () => {
  it("reads every row of a key changed since the watermark less the lookback (Postgres)", () => {
    const plan = planEntity(pgSource, "customer")!;
    expect(changedSinceSelect(plan, "2026-09-30 12:00:00+00")).toEqual({
      sql: `${plan.sql} WHERE "id" IN (SELECT "id" FROM "erp"."customers" WHERE "updated_at" >= '2026-09-30 12:00:00+00'::timestamptz - interval '300 seconds')`,
      bindings: [],
    });
  });

  it("binds the watermark on MySQL", () => {
    const plan = planEntity(mySource, "order")!;
    expect(changedSinceSelect(plan, "2026-09-30 20:00:00")).toEqual({
      sql: `${plan.sql} WHERE \`id\` IN (SELECT \`id\` FROM \`erp\`.\`orders\` WHERE \`changed_at\` >= CAST(? AS DATETIME(6)) - INTERVAL 60 SECOND)`,
      bindings: ["2026-09-30 20:00:00"],
    });
  });
});

describe("sampleSql", () => {
  it("samples the key sorted by the source, skipping NULLs", () => {
    const plan = planEntity(pgSource, "customer")!;
    expect(sampleSql(plan, "id", 0.01).sql).toBe(
      `SELECT "id"::text FROM "erp"."customers" TABLESAMPLE BERNOULLI (1.0000) WHERE "id" IS NOT NULL ORDER BY "id"`,
    );
  });
});
