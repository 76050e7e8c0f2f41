// How the extract fails on real sources: an unreachable source is a transient error naming the source (the
// job runner retries it with backoff); a renamed column or missing table fails at once naming source, table
// and column.
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed.service.js";
import { DataError, TransientError } from "../../src/errors.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
const RUN = "2026Q3-manual-errors";
let t: TestEnv;
let asOf: Date;

function ctx(env: Record<string, string> = {}, overrides?: Record<string, unknown>): StageContext {
  const config = t.config({ env, overrides });
  return { db: t.db, config, runId: RUN, quarter: QUARTER, asOf, log: t.log };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

async function erpSql(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: t.erpUrl });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

beforeAll(async () => {
  t = await createTestEnv("extracterr");
  const anchor = quarterBounds(parseQuarter(QUARTER), "Asia/Shanghai").end;
  asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 100, seed: 5, anchor, log: t.log });
  await createRun(t.db, {
    runId: RUN,
    quarter: QUARTER,
    trigger: "manual",
    params: {},
    configHash: "x",
    asOf,
  });
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("a source that is down", () => {
  it("is a transient error (retried with backoff) whose message names the source", async () => {
    const t0 = performance.now();
    const err = await failure(extractStage(ctx({ RETIER_ERP_URL: "postgres://etl:secret@127.0.0.1:1/erp" })));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain("source erp");
    expect(err.message).toContain("127.0.0.1:1");
    expect(err.message).not.toContain("secret");
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it("names a MySQL source the same way", async () => {
    const err = await failure(extractStage(ctx({ RETIER_CRM_URL: "mysql://root@127.0.0.1:1/crm" })));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain("source crm");
  });
});

describe("a source whose shape changed", () => {
  it("fails at once on a renamed Postgres column, naming source, table and column", async () => {
    await erpSql("ALTER TABLE erp.orders RENAME COLUMN total_amount TO order_total");
    try {
      const err = await failure(extractStage(ctx()));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toMatch(/source erp.*table erp\.orders.*column total_amount not found/);
    } finally {
      await erpSql("ALTER TABLE erp.orders RENAME COLUMN order_total TO total_amount");
    }
  });

  it("fails at once on a renamed MySQL column", async () => {
    const crm = await mysql.createConnection({ uri: t.crmUrl });
    await crm.query("ALTER TABLE customers RENAME COLUMN mobile TO phone_no");
    try {
      const err = await failure(extractStage(ctx()));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toMatch(/source crm.*table customers.*column mobile not found/);
    } finally {
      await crm.query("ALTER TABLE customers RENAME COLUMN phone_no TO mobile");
      await crm.end();
    }
  });

  it("fails at once on a missing table, and on a partition column the table lacks", async () => {
    await erpSql("ALTER TABLE risk.credit_ratings RENAME TO ratings_old");
    try {
      const err = await failure(extractStage(ctx()));
      expect(err).toBeInstanceOf(DataError);
      expect(err.message).toContain("source erp: table risk.credit_ratings not found");
    } finally {
      await erpSql("ALTER TABLE risk.ratings_old RENAME TO credit_ratings");
    }
    const base = t.config();
    const sources = base.sources.map((s) =>
      s.name !== "erp"
        ? s
        : {
            ...s,
            entities: { ...s.entities, order: { ...s.entities.order, partition: { column: "order_no" } } },
          },
    );
    const err = await failure(extractStage(ctx({}, { sources })));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/source erp.*table erp\.orders.*column order_no not found/);
  });

  it("extracts again once the source is back in shape", async () => {
    const counts = await extractStage(ctx());
    expect(counts.rowsIn).toBeGreaterThan(0);
  });
});
