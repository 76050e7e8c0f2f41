// The reference run: seeds the demo sources at scale S with a fixed seed, runs one quarter through the real
// pipeline (BullMQ workers in this process, real databases, a local SMTP capture) in the databases the
// config names, and reads the published tiers. Also reads and writes the fixture under test/fixtures/.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { FlowProducer } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { producerConnection } from "../../jobs/queues.js";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers } from "../../jobs/worker.js";
import { type AppConfig, PROJECT_ROOT } from "../config/load.js";
import { quoteIdent } from "../db/ident.js";
import { sqlFile } from "../db/sql-file.js";
import { type Db, withPgClient } from "../db/warehouse.js";
import { GENERATOR_VERSION } from "../demo/generator.js";
import { seedDemo } from "../demo/seed.service.js";
import { startSmtpCapture } from "../demo/smtp-capture.js";
import type { Logger } from "../log.js";
import { parseQuarter, quarterBounds } from "../runs/quarter.js";
import { waitForRun } from "../runs/wait.js";
import {
  formatTierCsv,
  parseTierCsv,
  type PublishedRow,
  REFERENCE,
  REGENERATE,
  type TierRow,
  toTierRow,
} from "./reference-tiers.js";

export interface ReferenceDeps {
  /** A warehouse with no earlier run in it: earlier ids and tiers would change the result. */
  db: Db;
  config: AppConfig;
  log: Logger;
}

export interface ReferenceParams {
  customers: number;
  seed: number;
  quarter: string;
}

export interface ReferenceResult {
  runId: string;
  rows: TierRow[];
  sourceRows: Record<string, number>;
  seedSeconds: number;
  runSeconds: number;
}

/** Seeds, runs the quarter and returns its published tiers; throws when the run does not succeed. */
export async function runReferenceQuarter(
  deps: ReferenceDeps,
  params: ReferenceParams = REFERENCE,
  opts: { timeoutMs?: number } = {},
): Promise<ReferenceResult> {
  const { db, log } = deps;
  const anchor = quarterBounds(parseQuarter(params.quarter), deps.config.timezone).end;
  const t0 = performance.now();
  const seeded = await seedDemo({
    erpUrl: deps.config.sourceUrls.erp!,
    crmUrl: deps.config.sourceUrls.crm!,
    customers: params.customers,
    seed: params.seed,
    anchor,
    log,
  });
  const t1 = performance.now();
  const mail = await startSmtpCapture(join(deps.config.env.outDir, "reference", "mail"));
  const config: AppConfig = { ...deps.config, env: { ...deps.config.env, smtpUrl: mail.url } };
  const workers = startWorkers({ db, config, log });
  const producer = new FlowProducer({
    connection: producerConnection(config.env.redisUrl),
    prefix: config.env.queuePrefix,
  });
  try {
    // The run's "now" is just after the quarter, as for the scheduled run on the first day of the next one.
    const started = await startRun(db, config, producer, {
      quarter: params.quarter,
      trigger: "manual",
      now: new Date(anchor.getTime() + 2 * 3600_000),
      params: { reference: params },
    });
    if (!started.started) throw new Error(`${params.quarter} already has a run ${started.activeRunId}`);
    const run = await waitForRun(db, started.runId, () => undefined, { timeoutMs: opts.timeoutMs });
    if (run.status !== "succeeded")
      throw new Error(`reference run ${run.run_id} ${run.status}: ${run.error ?? "no error recorded"}`);
    const { rows } = await withPgClient(db, (c) =>
      c.query<PublishedRow>(sqlFile("bench/published_tiers"), [params.quarter]),
    );
    return {
      runId: run.run_id,
      rows: rows.map(toTierRow),
      sourceRows: seeded.rows,
      seedSeconds: (t1 - t0) / 1000,
      runSeconds: (performance.now() - t1) / 1000,
    };
  } finally {
    await workers.close();
    await producer.close();
    await mail.close();
  }
}

/** Drops the database `url` names (its sessions ended), so the reference run starts from an empty warehouse. */
export async function dropPgDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Deletes every Redis key under a queue prefix (the reference run's own prefix, before and after it). */
export async function clearQueuePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<
      string[]
    >)
      if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** What the fixture's JSON beside the CSV records. */
export interface ReferenceMeta {
  scale: string;
  customers: number;
  seed: number;
  quarter: string;
  generatorVersion: string;
  config: string;
  configHash: string;
  commit: string | null;
  /** Tracked files with uncommitted changes when the fixture was produced (should be empty). */
  uncommitted: string[];
  sourceRows: Record<string, number>;
  customersPublished: number;
  csvSha256: string;
  regenerate: string;
}

const FIXTURE_DIR = join(PROJECT_ROOT, "test", "fixtures");
const base = `reference-tiers-${REFERENCE.scale}-seed${REFERENCE.seed}`;
export const FIXTURE_CSV = join(FIXTURE_DIR, `${base}.csv.gz`);
export const FIXTURE_META = join(FIXTURE_DIR, `${base}.json`);

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}

export function readReferenceFixture(): { meta: ReferenceMeta; rows: TierRow[] } {
  const meta = JSON.parse(readFileSync(FIXTURE_META, "utf8")) as ReferenceMeta;
  const csv = gunzipSync(readFileSync(FIXTURE_CSV)).toString("utf8");
  return { meta, rows: parseTierCsv(csv, relative(PROJECT_ROOT, FIXTURE_CSV)) };
}

/** Writes the gzipped CSV and its JSON; returns the files written. */
export function writeReferenceFixture(result: ReferenceResult, config: AppConfig): string[] {
  const csv = formatTierCsv(result.rows);
  const meta: ReferenceMeta = {
    ...REFERENCE,
    generatorVersion: GENERATOR_VERSION,
    config: relative(PROJECT_ROOT, config.configPath),
    configHash: config.configHash,
    commit: git(["rev-parse", "HEAD"])?.trim() ?? null,
    uncommitted: (git(["status", "--porcelain", "--untracked-files=no"]) ?? "")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3)),
    sourceRows: result.sourceRows,
    customersPublished: result.rows.length,
    csvSha256: createHash("sha256").update(csv).digest("hex"),
    regenerate: REGENERATE,
  };
  mkdirSync(FIXTURE_DIR, { recursive: true });
  // gzip at level 9 with no name or time in its header: the same rows give the same bytes.
  writeFileSync(FIXTURE_CSV, gzipSync(csv, { level: 9 }));
  writeFileSync(FIXTURE_META, JSON.stringify(meta, null, 2) + "\n");
  return [FIXTURE_CSV, FIXTURE_META];
}
