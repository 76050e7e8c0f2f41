// Incremental extraction against real sources: after a full run, a nightly run reads only the customers
// changed since the watermark, stages every source row once with the latest values, and cleans the same.
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanStage } from "../../src/clean/clean.service.js";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { extractStage, type ExtractOptions } from "../../src/extract/extract.service.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
const FULL = "2026Q3-manual-full";
const NIGHT = "2026Q3-cron-night1";
const NIGHT2 = "2026Q3-cron-night2";
let t: TestEnv;
let config: AppConfig;
let erp: pg.Client;
let crm: mysql.Connection;
let asOf: Date;
/** The source's latest change before the day's edits, and how many untouched rows carry it. */
let before: { at: Date; rowsAt: number; crmRead: number };

async function run(runId: string, params: Record<string, unknown>, opts?: ExtractOptions) {
  const trigger = runId.includes("cron") ? "cron" : "manual";
  await createRun(t.db, { runId, quarter: QUARTER, trigger, params, configHash: "x", asOf });
  const ctx = { db: t.db, config, runId, quarter: QUARTER, asOf, log: t.log };
  const counts = await extractStage(ctx, opts);
  await cleanStage(ctx);
  await t.db("etl.runs").where({ run_id: runId }).update({ status: "succeeded" });
  return counts;
}

const mark = (runId: string, source: string, entity: string) =>
  t.db("etl.extract_watermarks").where({ run_id: runId, source, entity }).first();

beforeAll(async () => {
  t = await createTestEnv("extractinc");
  // No lookback: the rows read again are exactly those at or after the watermark.
  const base = t.config();
  const sources = base.sources.map((s) => ({
    ...s,
    entities: {
      ...s.entities,
      customer: {
        ...s.entities.customer,
        incremental: { column: s.name === "erp" ? "updated_at" : "modified", lookback_seconds: 0 },
      },
    },
  }));
  config = t.config({ overrides: { sources } });
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 300, seed: 3, anchor, log: t.log });
  erp = new pg.Client({ connectionString: t.erpUrl });
  await erp.connect();
  crm = await mysql.createConnection({ uri: t.crmUrl });
  const { rows } = await erp.query(
    `SELECT max(updated_at) AS at, count(*) FILTER (WHERE updated_at = (SELECT max(updated_at) FROM erp.customers)
              AND id NOT IN ('E0000010', 'E0000020', 'E0000030'))::int AS n FROM erp.customers`,
  );
  // The CRM has no unique key: every row of a changed key (exact copies too) is read again.
  const [crmRead] = await crm.query(
    `SELECT count(*) AS n FROM customers WHERE cust_no = 'CRM-000003' OR cust_no IN
       (SELECT cust_no FROM (SELECT cust_no FROM customers WHERE modified = (SELECT max(modified) FROM customers)) x)`,
  );
  before = { at: rows[0].at, rowsAt: rows[0].n, crmRead: Number((crmRead as { n: number }[])[0]!.n) };
  await run(FULL, {});
  // The sources change during the day: edits (after the last sync) and new customers.
  await erp.query(`UPDATE erp.customers SET phone = '13900000' || right(id, 3), updated_at = '2026-10-01T03:00:00Z'
                   WHERE id IN ('E0000010', 'E0000020', 'E0000030')`);
  await erp.query(`INSERT INTO erp.customers (id, company_name, phone, email, region, credit_code, created_at, updated_at)
                   VALUES ('E9000001', '新客户有限公司', '13800138000', NULL, '广东', NULL, now(), '2026-10-01T04:00:00Z')`);
  await crm.query(
    "UPDATE customers SET name = '改名科技有限公司', modified = '2026-10-01 11:00:00' WHERE cust_no = 'CRM-000003'",
  );
  await run(NIGHT, { mode: "incremental" });
  await run(NIGHT2, {}, { mode: "incremental" });
}, 240_000);

afterAll(async () => {
  await erp?.end();
  await crm?.end();
  await t?.cleanup();
});

describe("incremental extraction", () => {
  it("records the source's latest change time as the watermark of a full run", async () => {
    const m = await mark(FULL, "erp", "customer");
    expect(m.mode).toBe("full");
    expect(new Date(m.watermark).getTime()).toBe(before.at.getTime());
  });

  it("reads only the rows changed since the watermark", async () => {
    const m = await mark(NIGHT, "erp", "customer");
    expect(m.mode).toBe("incremental");
    expect(m.base_run_id).toBe(FULL);
    // Three edits, one new customer, and the untouched rows at the watermark itself (read again: >=).
    expect(Number(m.rows_read)).toBe(4 + before.rowsAt);
    const c = await mark(NIGHT, "crm", "customer");
    expect(Number(c.rows_read)).toBe(before.crmRead);
    // Tables without a change-time column are read in full.
    expect((await mark(NIGHT, "erp", "order")).mode).toBe("full");
  });

  it("stages every source row once, with its latest values", async () => {
    const { rows } = await erp.query("SELECT count(*)::int AS n FROM erp.customers");
    const staged = await t
      .db("staging.stg_customers")
      .where({ run_id: NIGHT, source: "erp" })
      .select("source_key", "phone");
    expect(staged.length).toBe(rows[0].n);
    expect(new Set(staged.map((s) => s.source_key)).size).toBe(rows[0].n);
    const phone = new Map(staged.map((s) => [s.source_key, s.phone]));
    expect(phone.get("E0000010")).toBe("13900000010");
    expect(phone.get("E9000001")).toBe("13800138000");
    const [crmRows] = await crm.query("SELECT count(*) AS n FROM customers");
    const crmStaged = await t.db("staging.stg_customers").where({ run_id: NIGHT, source: "crm" });
    expect(crmStaged.length).toBe(Number((crmRows as { n: number }[])[0]!.n));
    expect(crmStaged.filter((r) => r.source_key === "CRM-000003").map((r) => r.name)).toEqual([
      "改名科技有限公司",
    ]);
  });

  it("counts nothing twice: the reconciliation balances and clean keeps one row per key", async () => {
    const counts = await t.db("etl.source_counts").where({ run_id: NIGHT });
    for (const c of counts) expect(Number(c.extracted)).toBe(Number(c.accepted) + Number(c.rejected));
    const full = await t.db("core.int_customers").where({ run_id: FULL, source: "erp" }).count({ n: "*" });
    const night = await t.db("core.int_customers").where({ run_id: NIGHT, source: "erp" }).count({ n: "*" });
    expect(Number(night[0]!.n)).toBe(Number(full[0]!.n) + 1);
  });

  it("reads nothing new when nothing changed, and stages the same rows", async () => {
    const m = await mark(NIGHT2, "erp", "customer");
    expect(m.base_run_id).toBe(NIGHT);
    expect(Number(m.rows_read)).toBe(1); // the row at the watermark itself is read again (>=)
    const rows = async (runId: string) =>
      (
        await t.db.raw<{ rows: { v: string }[] }>(
          "SELECT (to_jsonb(s) - 'run_id' - 'row_no')::text AS v FROM staging.stg_customers s WHERE run_id = ? ORDER BY 1",
          [runId],
        )
      ).rows.map((r) => r.v);
    expect(await rows(NIGHT2)).toEqual(await rows(NIGHT));
  });

  it("falls back to a full read for the first incremental run of a table", async () => {
    const m = await mark(FULL, "crm", "customer");
    expect(m.mode).toBe("full");
    expect(Number(m.rows_read)).toBe(Number(m.rows_total));
  });
});
