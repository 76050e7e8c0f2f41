// `retier bench`: seeds the sources at a scale, runs one quarter through the real pipeline with the
// worker in its own process, samples its memory per stage, then measures the floor in the same run; with
// `again`, runs the quarter a second time as a later run finds the warehouse, and measures that too.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { startRun } from "../../jobs/start-run.js";
import { flowProducer, type App, prepareWarehouse } from "../cli/app.js";
import { childEnv, PROJECT_ROOT } from "../config/load.js";
import { seedDemo } from "../demo/seed.service.js";
import { readSeedState } from "../demo/seed-state.js";
import { startSmtpCapture } from "../demo/smtp-capture.js";
import { getRun, getStages } from "../runs/ledger.js";
import { localDate, parseQuarter, quarterBounds } from "../runs/quarter.js";
import { connectSource } from "../db/warehouse.js";
import { addOverride } from "../tier/overrides.service.js";
import { CpuUse } from "./cpu-sampler.js";
import { featureQueryFloor, sourceReadFloor, warehouseCopyFloor } from "./floor.js";
import { peakRssMb, resetPeakRss, rssMb } from "./rss-sampler.js";
import { type BenchResult, SCALES, type Scale, seedMismatch, type StageFigure } from "./scales.js";

export interface BenchOptions {
  scale: Scale;
  seed: number;
  quarter: string;
  /** Environment the worker process needs to reach the same databases (URLs of this app's config). */
  workerEnv: Record<string, string>;
  skipSeed?: boolean;
  /**
   * Then the same quarter again, as a later run finds the warehouse: every source key already has its
   * customer id, the quarter is published (and replaced), and `overrides` customers carry an approved
   * override or appeal, and `merges` pairs of customers turn out to be one (the first run has none of these).
   */
  again?: { overrides: number; merges: number };
}

/** The worker, logging at info into `logPath`: each stage's steps with their times (clean's per table, dedupe's). */
function startWorker(env: Record<string, string>, logPath: string): ChildProcess {
  mkdirSync(dirname(logPath), { recursive: true });
  const log = openSync(logPath, "w");
  try {
    return spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "worker"], {
      cwd: PROJECT_ROOT,
      env: childEnv({ ...env, LOG_LEVEL: "info" }),
      stdio: ["ignore", log, log],
    });
  } finally {
    closeSync(log); // the child holds its own copy
  }
}

export async function runBench(app: App, opts: BenchOptions, now: Date): Promise<BenchResult[]> {
  const { config, db, log } = app;
  const { customers, orderScale } = SCALES[opts.scale];
  await prepareWarehouse(app);
  const anchor = quarterBounds(parseQuarter(opts.quarter), config.timezone).end;
  const t0 = performance.now();
  if (opts.skipSeed) {
    const why = seedMismatch(
      await readSeedState(config.sourceUrls.erp!, config.sourceUrls.crm!),
      opts.scale,
      opts.seed,
    );
    if (why) throw new Error(`--skip-seed: ${why}; run without --skip-seed to seed them`);
  } else
    await seedDemo({
      erpUrl: config.sourceUrls.erp!,
      crmUrl: config.sourceUrls.crm!,
      customers,
      seed: opts.seed,
      anchor,
      orderScale,
      log,
    });
  const seedSeconds = (performance.now() - t0) / 1000;

  const mail = await startSmtpCapture(join(config.env.outDir, "bench", "mail"));
  const prefix = `bench${randomBytes(3).toString("hex")}`;
  const workerLog = join(config.env.outDir, "bench", `worker-${prefix}.log`);
  const worker = startWorker(
    { ...opts.workerEnv, RETIER_QUEUE_PREFIX: prefix, SMTP_URL: mail.url },
    workerLog,
  );
  const producer = flowProducer({ ...config, env: { ...config.env, queuePrefix: prefix } });
  try {
    await db("etl.runs")
      .where({ quarter: opts.quarter })
      .whereIn("status", ["queued", "running"])
      .update({ status: "cancelled", error: "superseded by a benchmark run" });
    const measure = (label: string, startAt: Date) =>
      measureRun(app, { ...opts, seedSeconds, workerLog, label }, { worker, producer }, startAt);
    const results = [await measure("first run", now)];
    if (opts.again && results[0]!.status === "succeeded") {
      await addBenchOverrides(app, opts.quarter, opts.again.overrides, opts.seed);
      const merged = await addBenchMerges(app, results[0]!.runId, opts.again.merges, opts.seed);
      results.push(
        await measure(`again, with ${opts.again.overrides} overrides and ${merged} pairs merged`, new Date()),
      );
    }
    return results;
  } finally {
    worker.kill("SIGTERM");
    await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once("exit", r)));
    await producer.close();
    await mail.close();
  }
}

/**
 * How often the run's progress is read (two queries), the machine's CPU ticks and the worker's RSS sampled.
 * Every 100 ms the bench itself and the backends answering it took about a tenth of a core all through an L
 * run (top: the bench process 8 %, its queries' backends 2–5 %), CPU the pipeline's stages then lacked; the
 * stages' times come from the run's ledger whatever the interval, only the per-stage RSS peaks and cores
 * busy are sampled.
 */
const POLL_MS = 500;

interface MeasureOptions extends BenchOptions {
  seedSeconds: number;
  workerLog: string;
  label: string;
}

/** One run of the quarter through the worker, its per-stage figures and the floor measured after it. */
async function measureRun(
  app: App,
  opts: MeasureOptions,
  { worker, producer }: { worker: ChildProcess; producer: ReturnType<typeof flowProducer> },
  startAt: Date,
): Promise<BenchResult> {
  const { config, db, log } = app;
  const { customers, orderScale } = SCALES[opts.scale];
  const { seedSeconds, workerLog } = opts;
  const peakByStage = new Map<string, number>();
  const cpu = new CpuUse();
  if (worker.pid) resetPeakRss(worker.pid);
  const started = await startRun(db, config, producer, {
    quarter: opts.quarter,
    trigger: "manual",
    now: startAt,
    params: { bench: opts.scale, label: opts.label },
  });
  if (!started.started) throw new Error(`could not start a run for ${opts.quarter}`);
  const runId = started.runId;
  for (;;) {
    const run = await getRun(db, runId);
    const running = (await getStages(db, runId)).find((s) => s.status === "running");
    cpu.sample(running?.stage);
    const rss = worker.pid ? rssMb(worker.pid) : null;
    if (running && rss !== null)
      peakByStage.set(running.stage, Math.max(peakByStage.get(running.stage) ?? 0, rss));
    if (!run || ["succeeded", "failed", "cancelled"].includes(run.status)) break;
    if (worker.exitCode !== null)
      throw new Error(`the worker exited with code ${worker.exitCode} — see ${workerLog}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const workerPeak = (worker.pid && peakRssMb(worker.pid)) || Math.max(0, ...peakByStage.values());
  const run = (await getRun(db, runId))!;
  const stages = await getStages(db, runId);
  log.info("measuring the floor");
  const floors = {
    sourceRead: await sourceReadFloor(config),
    warehouseCopy: await warehouseCopyFloor(db, runId),
    featureQuery: await featureQueryFloor(db, config, runId, opts.quarter),
  };
  const floorOf: Record<string, [number, string]> = {
    extract: [floors.sourceRead + floors.warehouseCopy, "source read + warehouse COPY"],
    clean: [floors.warehouseCopy, "warehouse COPY of the staged rows"],
    features: [floors.featureQuery, "the feature statements alone"],
  };
  const figures: StageFigure[] = stages.map((s) => ({
    stage: s.stage,
    seconds:
      s.started_at && s.finished_at
        ? (new Date(s.finished_at).getTime() - new Date(s.started_at).getTime()) / 1000
        : 0,
    rowsIn: s.rows_in === null ? null : Number(s.rows_in),
    rowsOut: s.rows_out === null ? null : Number(s.rows_out),
    peakRssMb: peakByStage.get(s.stage) ?? null,
    coresBusy: cpu.coresBusy(s.stage, cpus().length),
    floorSeconds: floorOf[s.stage]?.[0] ?? null,
    floorWhat: floorOf[s.stage]?.[1] ?? null,
  }));
  const endToEnd =
    run.started_at && run.finished_at
      ? (new Date(run.finished_at).getTime() - new Date(run.created_at).getTime()) / 1000
      : 0;
  const result: BenchResult = {
    scale: opts.scale,
    customers,
    orderScale,
    seed: opts.seed,
    runId,
    label: opts.label,
    status: run.status,
    seedSeconds,
    endToEndSeconds: endToEnd,
    endToEndFloorSeconds: floors.sourceRead + 2 * floors.warehouseCopy + floors.featureQuery,
    workerPeakRssMb: workerPeak,
    coresBusy: cpu.coresBusyOverall(cpus().length),
    workerLog,
    stages: figures,
    floors,
    machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
  };
  const dir = join(config.env.outDir, "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `bench-${opts.scale}-${runId}.json`), JSON.stringify(result, null, 2));
  return result;
}

/**
 * Records `n` approved overrides and appeals through the real service (as `retier override add` does), for
 * customers of the published quarter picked by the seed, each moving its customer one tier: every other
 * one up, the rest down. Valid from the quarter's first day, so the next run of the quarter applies them.
 */
async function addBenchOverrides(app: App, quarter: string, n: number, seed: number): Promise<void> {
  const { config, db, log } = app;
  const from = localDate(quarterBounds(parseQuarter(quarter), config.timezone).start, config.timezone);
  const order = config.tiers.map((t) => t.code);
  const { rows } = await db.raw<{ rows: { customer_id: string; final_tier: string }[] }>(
    `SELECT customer_id, final_tier FROM marts.fct_customer_quarter WHERE quarter = ?
     ORDER BY md5(customer_id || ?) LIMIT ?`,
    [quarter, String(seed), n],
  );
  for (const [i, r] of rows.entries()) {
    const at = Math.max(0, order.indexOf(r.final_tier));
    const tier = order[i % 2 === 0 ? Math.max(0, at - 1) : Math.min(order.length - 1, at + 1)]!;
    await addOverride(
      db,
      config.tiers,
      {
        customer: r.customer_id,
        tier,
        kind: i % 3 === 0 ? "appeal" : "override",
        from,
        reason: "retier bench",
        approver: "bench",
      },
      from,
    );
  }
  log.info("bench: overrides recorded for the run again", { overrides: rows.length, from });
}

/**
 * Makes `n` pairs of customers one legal entity in the ERP source before the run again: the second of each
 * pair takes the first's credit code (a strong key), as when a source system corrects a record. Both had
 * ids of their own, so the dedupe merges one id into the other (core.customer_merges) and the run takes
 * the paths that follow a merge: the survivor's previous tier, the merged customer's history. Pairs are
 * ERP rows that were the only source row of their customer and had a valid credit code, picked by the
 * seed. This changes the bench's sources (the seeder's erp.customers): a later --skip-seed starts from
 * them. Returns the pairs changed.
 */
async function addBenchMerges(app: App, firstRunId: string, n: number, seed: number): Promise<number> {
  const { config, db, log } = app;
  if (n === 0) return 0;
  const { rows } = await db.raw<{ rows: { source_key: string }[] }>(
    `SELECT c.source_key FROM core.int_customers c
     JOIN core.customer_xref x ON x.source = c.source AND x.source_key = c.source_key
     WHERE c.run_id = ? AND c.source = 'erp' AND c.credit_code IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM core.customer_xref y
                       WHERE y.customer_id = x.customer_id AND (y.source, y.source_key) <> (x.source, x.source_key))
     ORDER BY md5(c.source_key || ?) LIMIT ?`,
    [firstRunId, `merge${seed}`, 2 * n],
  );
  const pairs = Math.floor(rows.length / 2);
  const keys = rows.map((r) => r.source_key);
  const erp = connectSource("pg", config.sourceUrls.erp!);
  try {
    await erp.raw(
      `UPDATE erp.customers b SET credit_code = a.credit_code, updated_at = now()
       FROM unnest(?::text[], ?::text[]) AS p(a_id, b_id) JOIN erp.customers a ON a.id = p.a_id
       WHERE b.id = p.b_id`,
      [keys.slice(0, pairs), keys.slice(pairs, 2 * pairs)],
    );
  } finally {
    await erp.destroy();
  }
  log.info("bench: ERP customers given another's credit code for the run again", { pairs });
  return pairs;
}
