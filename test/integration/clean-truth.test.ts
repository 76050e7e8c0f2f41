// The extract and clean stages scored against the demo generator's ground truth: every injected defect is
// rejected with its reason, no clean row is rejected, and exactly the corrupted fields are nulled and flagged.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanStage } from "../../src/clean/clean.service.js";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
const RUN = "2026Q3-manual-cleantruth";
let t: TestEnv;
let config: AppConfig;
let truth: { defects: Row[]; flags: Row[] };

type Row = Record<string, string>;
const key = (r: Row, ...cols: string[]) => cols.map((c) => r[c]).join("|");
/** Multiset of `cols` as sorted "a|b|c" strings, so duplicates (an exact copy rejected twice) count. */
const bag = (rows: Row[], ...cols: string[]) => rows.map((r) => key(r, ...cols)).sort();

beforeAll(async () => {
  t = await createTestEnv("cleantruth");
  config = t.config();
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  // Seed 42 at 1500 customers has every defect kind, CRM exact copies included.
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 1500, seed: 42, anchor, log: t.log });
  const asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await createRun(t.db, {
    runId: RUN,
    quarter: QUARTER,
    trigger: "manual",
    params: {},
    configHash: config.configHash,
    asOf,
  });
  const ctx: StageContext = { db: t.db, config, runId: RUN, quarter: QUARTER, asOf, log: t.log };
  await extractStage(ctx);
  await cleanStage(ctx);
  const erp = new pg.Client({ connectionString: t.erpUrl });
  await erp.connect();
  try {
    const defects = (await erp.query("SELECT source, entity, source_key, reason FROM truth.defects")).rows;
    const flags = (await erp.query("SELECT source, entity, source_key, flag FROM truth.field_flags")).rows;
    truth = { defects, flags };
  } finally {
    await erp.end();
  }
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

async function rejects(): Promise<Row[]> {
  return t.db("etl.rejects").where({ run_id: RUN }).select("source", "entity", "source_key", "reason");
}

describe("clean against the demo ground truth", () => {
  it("has every defect kind the generator injects", () => {
    const kinds = new Set(truth.defects.map((d) => key(d, "source", "entity", "reason")));
    expect([...kinds].sort()).toEqual([
      "crm|customer|exact_duplicate",
      "crm|customer|missing_key",
      "erp|customer|missing_key",
      "erp|order_line|parent_rejected",
      "erp|order|future_date",
      "erp|order|negative_amount",
      "erp|order|orphan_order",
      "erp|order|total_mismatch",
      "erp|order|unknown_currency",
      "erp|payment|parent_rejected",
    ]);
  });

  it("rejects every injected defect with its reason, per defect kind", async () => {
    const got = await rejects();
    const kinds = new Set(truth.defects.map((d) => key(d, "source", "entity", "reason")));
    for (const kind of kinds) {
      const want = truth.defects.filter((d) => key(d, "source", "entity", "reason") === kind);
      const have = got.filter((r) => key(r, "source", "entity", "reason") === kind);
      expect(bag(have, "source_key"), kind).toEqual(bag(want, "source_key"));
    }
  });

  it("rejects no clean row", async () => {
    const got = await rejects();
    const defects = new Set(bag(truth.defects, "source", "entity", "source_key"));
    const falsePositives = got.filter((r) => !defects.has(key(r, "source", "entity", "source_key")));
    expect(falsePositives).toEqual([]);
    expect(got.length).toBe(truth.defects.length);
  });

  it("nulls and flags exactly the corrupted fields, and counts them per source", async () => {
    const rows = await t.db.raw<{ rows: Row[] }>(
      `SELECT source, 'customer' AS entity, source_key, unnest(flags) AS flag
         FROM core.int_customers WHERE run_id = ?`,
      [RUN],
    );
    expect(bag(rows.rows, "source", "entity", "source_key", "flag")).toEqual(
      bag(truth.flags, "source", "entity", "source_key", "flag"),
    );
    const counted = await t
      .db("etl.field_flags")
      .where({ run_id: RUN })
      .select("source", "flag", "row_count");
    const want = new Map<string, number>();
    for (const f of truth.flags)
      want.set(key(f, "source", "flag"), (want.get(key(f, "source", "flag")) ?? 0) + 1);
    expect(new Map(counted.map((c) => [key(c, "source", "flag"), Number(c.row_count)]))).toEqual(want);
  });

  it("keeps every source row: extracted = accepted + rejected for each table", async () => {
    const counts = await t.db("etl.source_counts").where({ run_id: RUN });
    expect(counts.length).toBe(6);
    for (const c of counts)
      expect(Number(c.extracted), `${c.source}.${c.entity}`).toBe(Number(c.accepted) + Number(c.rejected));
  });
});
