// One quarter end to end through real BullMQ, PostgreSQL, MariaDB, Redis and SMTP: the warehouse rows,
// the workbook's cells and the mail that finance receives.
import ExcelJS from "exceljs";
import { FlowProducer } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../jobs/start-run.js";
import { producerConnection } from "../../jobs/queues.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { getStages } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { waitForRun } from "../../src/runs/wait.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";
import { startSmtpCapture, type SmtpCapture } from "../helpers/smtp.js";
import pg from "pg";
import { PassThrough } from "node:stream";
import { createLogger } from "../../src/log.js";

const QUARTER = "2026Q3";
let t: TestEnv;
let smtp: SmtpCapture;
let config: AppConfig;
let workers: Workers;
let runId: string;
let runLog = "";

async function count(sql: string, bindings: unknown[]): Promise<number> {
  const { rows } = await t.db.raw<{ rows: { n: number }[] }>(
    `SELECT count(*)::int AS n FROM ${sql}`,
    bindings as never,
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  t = await createTestEnv("e2e");
  smtp = await startSmtpCapture();
  config = t.config({ env: { SMTP_URL: smtp.url } });
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 400, seed: 7, anchor, log: t.log });
  // The run's whole log, at debug level, kept to check that no contact data leaks into it.
  const logStream = new PassThrough();
  logStream.on("data", (chunk: Buffer) => (runLog += chunk.toString("utf8")));
  workers = startWorkers({
    db: t.db,
    config,
    log: createLogger({ level: "debug", json: true, stream: logStream }),
  });
  const producer = new FlowProducer({
    connection: producerConnection(config.env.redisUrl),
    prefix: config.env.queuePrefix,
  });
  // The run's "now" is just after the quarter, as for the scheduled run on the first day of the next one.
  const started = await startRun(t.db, config, producer, {
    quarter: QUARTER,
    trigger: "manual",
    now: new Date(anchor.getTime() + 2 * 3600_000),
  });
  await producer.close();
  if (!started.started) throw new Error("run did not start");
  runId = started.runId;
  await waitForRun(t.db, runId, () => undefined, { timeoutMs: 240_000 });
}, 300_000);

afterAll(async () => {
  await workers?.close();
  await smtp?.close();
  await t?.cleanup();
});

describe("a quarterly run", () => {
  it("succeeds with every stage recorded in the ledger", async () => {
    const stages = await getStages(t.db, runId);
    expect(stages.map((s) => [s.stage, s.status])).toEqual(
      ["extract", "clean", "dedupe", "features", "tier", "load", "report", "email"].map((s) => [
        s,
        "succeeded",
      ]),
    );
    const run = await t.db("etl.runs").where({ run_id: runId }).first();
    expect(run.status).toBe("succeeded");
  });

  it("reconciles every source table: extracted = accepted + rejected", async () => {
    const counts = await t.db("etl.source_counts").where({ run_id: runId });
    expect(counts.length).toBe(6); // erp: 5 entities, crm: customers
    for (const c of counts) expect(Number(c.extracted)).toBe(Number(c.accepted) + Number(c.rejected));
    // The extract counts equal the rows actually in the source tables.
    const erp = new pg.Client({ connectionString: t.erpUrl });
    await erp.connect();
    const { rows } = await erp.query("SELECT count(*)::int AS n FROM erp.orders");
    await erp.end();
    expect(Number(counts.find((c) => c.source === "erp" && c.entity === "order")!.extracted)).toBe(rows[0].n);
  });

  it("rejects every injected order defect with the reason the ground truth gives", async () => {
    const erp = new pg.Client({ connectionString: t.erpUrl });
    await erp.connect();
    const { rows: truth } = await erp.query(
      "SELECT source_key, reason FROM truth.defects WHERE source = 'erp' AND entity = 'order'",
    );
    await erp.end();
    expect(truth.length).toBeGreaterThan(0);
    const rejects = await t
      .db("etl.rejects")
      .where({ run_id: runId, source: "erp", entity: "order" })
      .select("source_key", "reason");
    const got = new Map(rejects.map((r) => [r.source_key, r.reason]));
    for (const d of truth) expect(got.get(d.source_key), `order ${d.source_key}`).toBe(d.reason);
    expect(rejects.length).toBe(truth.length);
  });

  it("merges duplicate source customers into fewer golden customers", async () => {
    const sourceRows = await count("core.int_customer_xref WHERE run_id = ?", [runId]);
    const golden = await count("core.int_customers_golden WHERE run_id = ?", [runId]);
    expect(golden).toBeLessThan(sourceRows);
    expect(golden).toBeGreaterThan(0);
  });

  it("publishes one fact row per golden customer, each in a configured tier, with risk capped", async () => {
    const facts = await t.db("marts.fct_customer_quarter").where({ quarter: QUARTER });
    expect(facts.length).toBe(await count("core.int_customers_golden WHERE run_id = ?", [runId]));
    const codes = config.tiers.map((x) => x.code);
    for (const f of facts) expect(codes).toContain(f.final_tier);
    const risky = facts.filter((f) => f.credit_rating === "D" || f.defaults_12m > 0);
    expect(risky.length).toBeGreaterThan(0);
    for (const f of risky.filter((x) => !x.is_override)) expect(f.final_tier).toBe("standard");
    // At least two tiers are in use: K-means and thresholds found some structure.
    expect(new Set(facts.map((f) => f.final_tier)).size).toBeGreaterThan(1);
    expect(await count("marts.dim_customer WHERE is_current", [])).toBe(facts.length);
  });

  it("writes a workbook whose summary matches the warehouse", async () => {
    const file = await t.db("etl.report_files").where({ run_id: runId }).first();
    expect(Number(file.size_bytes)).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(["概览", "数据质量"]));
    const summary = wb.getWorksheet("概览")!;
    const { rows: byTier } = await t.db.raw<{ rows: { final_tier: string; n: number }[] }>(
      "SELECT final_tier, count(*)::int AS n FROM marts.fct_customer_quarter WHERE quarter = ? GROUP BY final_tier",
      [QUARTER],
    );
    // Every tier's zh label appears on the summary sheet with its customer count beside it.
    for (const row of byTier) {
      const label = config.tiers.find((x) => x.code === row.final_tier)!.zh;
      let found = false;
      summary.eachRow((r) => {
        const values = (r.values as unknown[]).slice(1);
        if (values.includes(label) && values.includes(Number(row.n))) found = true;
      });
      expect(found, `${label} with ${row.n} customers on 概览`).toBe(true);
    }
  });

  it("emails the workbook once to each finance recipient", async () => {
    const to = smtp.messages
      .map((m) => m.envelopeTo)
      .flat()
      .sort();
    expect(to).toEqual([...config.report.recipients].sort());
    for (const m of smtp.messages) {
      expect(m.parsed.subject).toContain(QUARTER);
      const att = m.parsed.attachments.find((a) => a.filename?.endsWith(".xlsx"));
      expect(att).toBeDefined();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(att!.content as unknown as ArrayBuffer);
      expect(wb.getWorksheet("概览")).toBeDefined();
    }
  });
});

describe("the run's log", () => {
  it("has runId, stage and jobId on every stage line and no seeded phone or email in clear", async () => {
    const lines = runLog
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const stageLines = lines.filter((l) => l.stage);
    expect(stageLines.length).toBeGreaterThan(8);
    for (const l of stageLines) {
      expect(l.runId).toBe(runId);
      expect(typeof l.jobId).toBe("string");
    }
    const erp = new pg.Client({ connectionString: t.erpUrl });
    await erp.connect();
    const { rows } = await erp.query(
      "SELECT phone, email FROM erp.customers WHERE phone IS NOT NULL OR email IS NOT NULL",
    );
    await erp.end();
    const digits = runLog.replace(/\D/g, "");
    let checked = 0;
    for (const r of rows) {
      const phone = String(r.phone ?? "")
        .replace(/\D/g, "")
        .slice(-11);
      if (phone.length === 11) {
        expect(digits.includes(phone), `phone ${phone} in the log`).toBe(false);
        checked++;
      }
      const email = String(r.email ?? "")
        .trim()
        .toLowerCase();
      if (/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(email))
        expect(runLog.toLowerCase().includes(email), `email in the log`).toBe(false);
    }
    expect(checked).toBeGreaterThan(100);
  });
});
