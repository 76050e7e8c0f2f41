// `npm run demo`: services up, migrate, seed when needed, a local SMTP capture, an in-process worker,
// one quarter through real BullMQ, then what came out and where.
import { join } from "node:path";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import { type App, flowProducer, openApp, prepareWarehouse } from "../cli/app.js";
import { quarterBounds, parseQuarter } from "../runs/quarter.js";
import { waitForRun } from "../runs/wait.js";
import type { RunRow, StageRow } from "../runs/ledger.js";
import { demoIsSeeded, seedDemo } from "./seed.service.js";
import { startSmtpCapture, type SmtpCapture } from "./smtp-capture.js";

export interface DemoOptions {
  quarter: string;
  configPath?: string;
  /** SMTP_URL from the environment; when unset the demo captures mail locally. */
  smtpUrl?: string;
  onProgress?: (run: RunRow, stages: StageRow[]) => void;
}

export interface DemoResult {
  runId: string;
  status: string;
  error: string | null;
  distribution: { tier: string; customers: number; revenue_cny: string }[];
  reportPath: string | null;
  mailDir: string | null;
  mailFiles: string[];
  seconds: number;
}

export async function runDemo(opts: DemoOptions, now: Date): Promise<DemoResult> {
  const t0 = performance.now();
  let capture: SmtpCapture | undefined;
  const probe = openApp({ path: opts.configPath });
  if (!probe.config.env.smtpUrl) capture = await startSmtpCapture(join(probe.config.env.outDir, "mail"));
  await probe.close();
  const app: App = openApp({ path: opts.configPath, envOverrides: capture ? { SMTP_URL: capture.url } : {} });
  const { config, log, db } = app;
  let workers: Workers | undefined;
  const producer = flowProducer(config);
  try {
    await prepareWarehouse(app);
    const erpUrl = config.sourceUrls.erp;
    const crmUrl = config.sourceUrls.crm;
    if (!erpUrl || !crmUrl) throw new Error("the demo config must define the erp and crm sources");
    const anchor = quarterBounds(parseQuarter(opts.quarter), config.timezone).end;
    const seedOpts = { customers: config.demo.customers, seed: config.demo.seed, anchor };
    if (await demoIsSeeded(erpUrl, crmUrl, seedOpts)) log.info("demo sources already seeded");
    else await seedDemo({ erpUrl, crmUrl, ...seedOpts, log });

    // A demo interrupted earlier may have left its run active: cancel it so this one can start.
    await db("etl.runs")
      .where({ quarter: opts.quarter, trigger: "demo" })
      .whereIn("status", ["queued", "running"])
      .update({ status: "cancelled", finished_at: db.fn.now(), error: "superseded by a new demo run" });
    workers = startWorkers(app);
    const started = await startRun(db, config, producer, { quarter: opts.quarter, trigger: "demo", now });
    if (!started.started)
      throw new Error(`${opts.quarter} already has an active run ${started.activeRunId}; cancel it or wait`);
    const run = await waitForRun(db, started.runId, opts.onProgress ?? (() => undefined));
    const { rows: distribution } = await db.raw<{
      rows: { tier: string; customers: number; revenue_cny: string }[];
    }>(
      `SELECT final_tier AS tier, count(*)::int AS customers, sum(revenue_cny)::text AS revenue_cny
       FROM marts.fct_customer_quarter WHERE run_id = ? GROUP BY final_tier`,
      [started.runId],
    );
    const order = config.tiers.map((t) => t.code);
    distribution.sort((a, b) => order.indexOf(a.tier) - order.indexOf(b.tier));
    const report = await db("etl.report_files").where({ run_id: started.runId }).first("file_path");
    return {
      runId: started.runId,
      status: run.status,
      error: run.error,
      distribution,
      reportPath: report?.file_path ?? null,
      mailDir: capture?.dir ?? null,
      mailFiles: capture ? [...capture.files] : [],
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await workers?.close();
    await producer.close();
    await app.close();
    await capture?.close();
  }
}
