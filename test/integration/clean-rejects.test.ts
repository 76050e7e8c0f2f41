// `retier rejects RUN` on a cleaned demo run: the summary by reason matches the ground truth, the rows
// page by reject id without gaps or repeats, and the command prints both.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanStage } from "../../src/clean/clean.service.js";
import { allRejects, rejectPage, rejectSummary } from "../../src/clean/rejects-listing.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
const RUN = "2026Q3-manual-rejects";
let t: TestEnv;
/** "source|entity|reason" → rows, from the generator's ground truth. */
let truth: Map<string, number>;

beforeAll(async () => {
  t = await createTestEnv("cleanrej");
  const config = t.config();
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 400, seed: 7, anchor, log: t.log });
  const asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await createRun(t.db, {
    runId: RUN,
    quarter: QUARTER,
    trigger: "manual",
    params: {},
    configHash: "x",
    asOf,
  });
  const ctx = { db: t.db, config, runId: RUN, quarter: QUARTER, asOf, log: t.log };
  await extractStage(ctx);
  await cleanStage(ctx);
  const erp = new pg.Client({ connectionString: t.erpUrl });
  await erp.connect();
  const { rows } = await erp
    .query("SELECT source, entity, reason, count(*)::int AS n FROM truth.defects GROUP BY 1, 2, 3")
    .finally(() => erp.end());
  truth = new Map(rows.map((r) => [`${r.source}|${r.entity}|${r.reason}`, r.n]));
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("rejects listing", () => {
  it("summarises by source, table and reason, with what each reason means", async () => {
    const summary = await rejectSummary(t.db, RUN);
    expect(new Map(summary.map((s) => [`${s.source}|${s.entity}|${s.reason}`, s.rows]))).toEqual(truth);
    for (const s of summary) expect(s.meaning, s.reason).not.toBe("");
  });

  it("pages through every row once, in reject id order", async () => {
    const total = [...truth.values()].reduce((a, b) => a + b, 0);
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await rejectPage(t.db, RUN, {}, { after, limit: 37 });
      ids.push(...page.map((r) => r.reject_id));
      if (page.length < 37) break;
      after = page.at(-1)!.reject_id;
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
    const streamed: string[] = [];
    for await (const r of allRejects(t.db, RUN, {}, 50)) streamed.push(r.reject_id);
    expect(streamed).toEqual(ids);
  });

  it("filters by reason and keeps the raw source values", async () => {
    const rows = await rejectPage(t.db, RUN, { reason: "total_mismatch" }, { limit: 1000 });
    expect(rows.length).toBe(truth.get("erp|order|total_mismatch"));
    for (const r of rows) {
      expect(r.raw).toMatchObject({ source_key: r.source_key });
      expect(r.detail).toMatch(/^total -?[\d.]+ vs lines -?[\d.]+$/);
    }
  });

  it("keeps every reject's raw row exactly as it was staged, for orders, lines and payments", async () => {
    const { rows } = await t.db.raw<{ rows: { entity: string; rejects: number; matched: number }[] }>(
      `WITH staged AS (
         SELECT 'order' AS entity, source, to_jsonb(s) - 'run_id' - 'source' - 'row_no' AS raw
         FROM staging.stg_orders s WHERE s.run_id = :run
         UNION ALL SELECT 'order_line', source, to_jsonb(s) - 'run_id' - 'source' - 'row_no'
         FROM staging.stg_order_lines s WHERE s.run_id = :run
         UNION ALL SELECT 'payment', source, to_jsonb(s) - 'run_id' - 'source' - 'row_no'
         FROM staging.stg_payments s WHERE s.run_id = :run
       )
       SELECT r.entity, count(*)::int AS rejects,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staged x
                                             WHERE x.entity = r.entity AND x.source = r.source AND x.raw = r.raw))::int AS matched
       FROM etl.rejects r WHERE r.run_id = :run AND r.entity IN ('order', 'order_line', 'payment')
       GROUP BY r.entity ORDER BY r.entity`,
      { run: RUN },
    );
    expect(rows.map((r) => r.entity)).toEqual(["order", "order_line", "payment"]);
    for (const r of rows) {
      expect(r.rejects).toBeGreaterThan(0);
      expect(r.matched, r.entity).toBe(r.rejects);
    }
  });
});

describe("retier rejects", () => {
  const cli = (...args: string[]) =>
    promisify(execFile)("node", ["bin/retier.mjs", "rejects", RUN, ...args], {
      env: { ...process.env, ...t.env, LOG_LEVEL: "error" },
    });

  it("prints the summary, then a page of rows with the command for the next page", async () => {
    const summary = await cli();
    expect(summary.stdout).toMatch(/erp\s+order\s+total_mismatch\s+\d+\s+order total differs/);
    const page = await cli("--list", "--reason", "parent_rejected", "--limit", "3");
    const lines = page.stdout.trim().split("\n");
    expect(
      lines
        .slice(0, 3)
        .every((l) => /^\d+ {2}erp\.(order_line|payment) {2}\S+ {2}parent_rejected {2}\{/.test(l)),
    ).toBe(true);
    expect(lines[3]).toMatch(
      /^-- more of \d+: retier rejects \S+ --list --after \d+ --reason parent_rejected --limit 3$/,
    );
  }, 60_000);
});
