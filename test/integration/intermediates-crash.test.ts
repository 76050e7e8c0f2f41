// A run's intermediate tables are UNLOGGED (migration 0013): a PostgreSQL crash empties them. What crash
// recovery does — every unlogged table reset to empty — is done here by TRUNCATE, and then the stages
// that read those rows must refuse with a message to rerun from the extract, not compute from nothing;
// the rerun extract brings the run back to the same clean output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanStage } from "../../src/clean/clean.service.js";
import type { AppConfig } from "../../src/config/load.js";
import { dedupeStage } from "../../src/dedupe/dedupe.service.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { featuresStage } from "../../src/features/features.service.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";
import { extractAndClean } from "../helpers/stages.js";

const QUARTER = "2026Q3";
const RUN = "2026Q3-manual-crash";
let t: TestEnv;
let config: AppConfig;
let ctx: StageContext;

/** The tables of our schemas that a crash would empty, as PostgreSQL sees them. */
async function unloggedTables(): Promise<string[]> {
  const r = await t.db.raw<{ rows: { name: string }[] }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND c.relpersistence = 'u' AND n.nspname IN ('etl', 'staging', 'core', 'marts')
     ORDER BY 1`,
  );
  return r.rows.map((x) => x.name);
}

async function cleanOutput(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["core.int_customers", "core.int_orders", "core.int_order_lines", "etl.rejects"]) {
    const [row] = await t.db(table).where({ run_id: RUN }).count<{ n: string }[]>({ n: "*" });
    counts[table] = Number(row!.n);
  }
  return counts;
}

beforeAll(async () => {
  t = await createTestEnv("crash");
  const anchor = quarterBounds(parseQuarter(QUARTER), "Asia/Shanghai").end;
  const asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 150, seed: 5, anchor, log: t.log });
  config = t.config();
  await extractAndClean(t, { runId: RUN, quarter: QUARTER, asOf, config });
  ctx = { db: t.db, config, runId: RUN, quarter: QUARTER, asOf, log: t.log };
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("a warehouse crash and the run's intermediate tables", () => {
  it("keeps only the rebuildable per-run tables unlogged", async () => {
    expect(await unloggedTables()).toEqual([
      "core.int_credit",
      "core.int_customers",
      "core.int_feature_parts",
      "core.int_order_lines",
      "core.int_orders",
      "core.int_payments",
      "etl.run_intermediates",
      "staging.stg_credit",
      "staging.stg_customers",
      "staging.stg_order_lines",
      "staging.stg_orders",
      "staging.stg_payments",
    ]);
  });

  it("refuses to go on from emptied tables, and a rerun from the extract restores the run", async () => {
    const before = await cleanOutput();
    expect(before["core.int_orders"]).toBeGreaterThan(100);

    await t.db.raw(`TRUNCATE ${(await unloggedTables()).join(", ")}`);

    const rerun = `retier rerun ${RUN} --from extract`;
    for (const stage of [cleanStage, dedupeStage, featuresStage])
      await expect(stage(ctx)).rejects.toThrow(rerun);
    await expect(cleanStage(ctx)).rejects.toThrow(/warehouse restarted after a crash/);

    await extractStage(ctx);
    await cleanStage(ctx);
    expect(await cleanOutput()).toEqual(before);
    await expect(dedupeStage(ctx)).resolves.toMatchObject({ rowsIn: before["core.int_customers"] });
  });
});
