// Partitioned extraction against real Postgres and MariaDB sources: splitting tables into many key ranges
// (integer and text keys) read in parallel stages exactly the rows one pass stages, and cleans the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";
import { extractAndClean } from "../helpers/stages.js";

const QUARTER = "2026Q3";
const STAGING = ["stg_customers", "stg_orders", "stg_order_lines", "stg_payments", "stg_credit"];
let t: TestEnv;
let asOf: Date;

/** The demo sources with every table split into ranges of tens to hundreds of rows, three read at once. */
function partitioned(base: AppConfig): Record<string, unknown> {
  const keys: Record<string, string> = {
    "erp.customer": "id", // text keys like E0000123: sampled boundaries
    "erp.order": "id", // bigint keys: min/max ranges
    "erp.order_line": "id",
    "erp.payment": "id",
    "erp.credit": "id",
    "crm.customer": "cust_no", // MariaDB, text key with exact duplicate rows
  };
  const sources = base.sources.map((s) => ({
    ...s,
    max_parallel: 3,
    entities: Object.fromEntries(
      Object.entries(s.entities).map(([entity, m]) => [
        entity,
        {
          ...m,
          partition: {
            column: keys[`${s.name}.${entity}`],
            rows_per_partition: entity === "customer" || entity === "credit" ? 40 : 300,
          },
        },
      ]),
    ),
  }));
  return { sources };
}

const runStages = (runId: string, config: AppConfig) =>
  extractAndClean(t, { runId, quarter: QUARTER, asOf, config });

/** Every staged row of a run as text without run id and row number, sorted: a multiset fingerprint. */
async function staged(table: string, runId: string): Promise<string[]> {
  const r = await t.db.raw<{ rows: { v: string }[] }>(
    `SELECT (to_jsonb(s) - 'run_id' - 'row_no')::text AS v FROM staging.${table} s WHERE run_id = ? ORDER BY 1`,
    [runId],
  );
  return r.rows.map((x) => x.v);
}

async function outcome(runId: string): Promise<string[]> {
  const r = await t.db.raw<{ rows: { v: string }[] }>(
    `SELECT v FROM (
       SELECT concat_ws('|', source, entity, source_key, reason, raw::text) AS v FROM etl.rejects WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, source_key, name_key, phone_e164, email, region_code, flags::text)
         FROM core.int_customers WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, order_key, total_cny) FROM core.int_orders WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, line_key, amount_cny) FROM core.int_order_lines WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, payment_key, amount_cny) FROM core.int_payments WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, credit_key, rating) FROM core.int_credit WHERE run_id = :run
     ) x ORDER BY v`,
    { run: runId },
  );
  return r.rows.map((x) => x.v);
}

beforeAll(async () => {
  t = await createTestEnv("extractpart");
  const anchor = quarterBounds(parseQuarter(QUARTER), "Asia/Shanghai").end;
  asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 300, seed: 3, anchor, log: t.log });
  const one = t.config();
  await runStages("2026Q3-manual-onepass", one);
  await runStages("2026Q3-manual-parts", t.config({ overrides: partitioned(one) }));
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("partitioned extraction", () => {
  it("splits every table into several key ranges", async () => {
    const rows = await t.db("etl.extract_watermarks").where({ run_id: "2026Q3-manual-parts" });
    expect(rows.length).toBe(6);
    for (const r of rows) expect(r.partitions, `${r.source}.${r.entity}`).toBeGreaterThan(2);
    const one = await t.db("etl.extract_watermarks").where({ run_id: "2026Q3-manual-onepass" });
    for (const r of one) expect(r.partitions).toBe(1);
  });

  it("stages exactly the rows one pass stages, table by table", async () => {
    for (const table of STAGING) {
      const a = await staged(table, "2026Q3-manual-onepass");
      const b = await staged(table, "2026Q3-manual-parts");
      expect(a.length, table).toBeGreaterThan(0);
      expect(b.length, table).toBe(a.length);
      expect(b, table).toEqual(a);
    }
  });

  it("numbers each staged row once per source table", async () => {
    for (const table of STAGING) {
      const r = await t.db.raw<{ rows: { dup: number }[] }>(
        `SELECT count(*) - count(DISTINCT (source, row_no)) AS dup FROM staging.${table} WHERE run_id = ?`,
        ["2026Q3-manual-parts"],
      );
      expect(Number(r.rows[0]!.dup), table).toBe(0);
    }
  });

  it("cleans to the same accepted rows and rejects", async () => {
    const a = await outcome("2026Q3-manual-onepass");
    expect(a.length).toBeGreaterThan(1000);
    expect(await outcome("2026Q3-manual-parts")).toEqual(a);
  });
});
