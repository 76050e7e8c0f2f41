// `retier bench`: seeds the sources at a scale, runs one quarter through the real pipeline with the
// worker in its own process, samples its memory per stage, then measures the floor in the same run.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { startRun } from "../../jobs/start-run.js";
import { flowProducer, type App, prepareWarehouse } from "../cli/app.js";
import { childEnv, PROJECT_ROOT } from "../config/load.js";
import { seedDemo } from "../demo/seed.service.js";
import { startSmtpCapture } from "../demo/smtp-capture.js";
import { getRun, getStages } from "../runs/ledger.js";
import { parseQuarter, quarterBounds } from "../runs/quarter.js";
import { featureQueryFloor, sourceReadFloor, warehouseCopyFloor } from "./floor.js";
import { peakRssMb, rssMb } from "./rss-sampler.js";
import { type BenchResult, SCALES, type Scale, type StageFigure } from "./scales.js";

export interface BenchOptions {
  scale: Scale;
  seed: number;
  quarter: string;
  /** Environment the worker process needs to reach the same databases (URLs of this app's config). */
  workerEnv: Record<string, string>;
  skipSeed?: boolean;
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

export async function runBench(app: App, opts: BenchOptions, now: Date): Promise<BenchResult> {
  const { config, db, log } = app;
  const { customers, orderScale } = SCALES[opts.scale];
  await prepareWarehouse(app);
  const anchor = quarterBounds(parseQuarter(opts.quarter), config.timezone).end;
  const t0 = performance.now();
  if (!opts.skipSeed)
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
  const peakByStage = new Map<string, number>();
  try {
    await db("etl.runs")
      .where({ quarter: opts.quarter })
      .whereIn("status", ["queued", "running"])
      .update({ status: "cancelled", error: "superseded by a benchmark run" });
    const started = await startRun(db, config, producer, {
      quarter: opts.quarter,
      trigger: "manual",
      now,
      params: { bench: opts.scale },
    });
    if (!started.started) throw new Error(`could not start a run for ${opts.quarter}`);
    const runId = started.runId;
    for (;;) {
      const run = await getRun(db, runId);
      const running = (await getStages(db, runId)).find((s) => s.status === "running");
      const rss = worker.pid ? rssMb(worker.pid) : null;
      if (running && rss !== null)
        peakByStage.set(running.stage, Math.max(peakByStage.get(running.stage) ?? 0, rss));
      if (!run || ["succeeded", "failed", "cancelled"].includes(run.status)) break;
      if (worker.exitCode !== null)
        throw new Error(`the worker exited with code ${worker.exitCode} — see ${workerLog}`);
      await new Promise((r) => setTimeout(r, 100));
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
      status: run.status,
      seedSeconds,
      endToEndSeconds: endToEnd,
      endToEndFloorSeconds: floors.sourceRead + 2 * floors.warehouseCopy + floors.featureQuery,
      workerPeakRssMb: workerPeak,
      workerLog,
      stages: figures,
      floors,
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    };
    const dir = join(config.env.outDir, "bench");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `bench-${opts.scale}-${runId}.json`), JSON.stringify(result, null, 2));
    return result;
  } finally {
    worker.kill("SIGTERM");
    await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once("exit", r)));
    await producer.close();
    await mail.close();
  }
}
