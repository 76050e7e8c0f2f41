// Throughput of the extract and clean stages on the seeded demo sources, beside the floor measured in the
// same run: Postgres COPYing the same rows out of the source and into the warehouse, and staging out and in.
// Run: npx tsx src/extract/extract.bench.ts [--partitioned (also as configured)] [--keep] [--reuse RUN (clean only)]
// after `retier demo seed --customers N`; WAREHOUSE_URL, RETIER_ERP_URL, RETIER_CRM_URL choose the databases.
import { mkdirSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import pg from "pg";
import { cleanStage } from "../clean/clean.service.js";
import { type AppConfig, loadConfig } from "../config/load.js";
import { ENTITY_NAMES } from "../config/schema.js";
import { ensureDatabase, migrate } from "../db/migrate.js";
import { connectSource, connectWarehouse, type Db, redactUrl, withPgClient } from "../db/warehouse.js";
import { createLogger } from "../log.js";
import { createRun } from "../runs/ledger.js";
import { formatQuarter, quarterOf } from "../runs/quarter.js";
import type { StageContext } from "../runs/stage-context.js";
import { extractStage } from "./extract.service.js";
import { planEntity, STAGING_TABLE } from "./mapping.js";

const args = new Set(process.argv.slice(2));
const secs = (t0: number) => (performance.now() - t0) / 1000;
const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString("en-US");
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);

/** A logger whose lines are kept with their arrival time, to time the steps inside a stage. */
function timedLog() {
  const lines: { at: number; message: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean))
        lines.push({ at: performance.now(), message: (JSON.parse(l) as { message: string }).message });
      cb();
    },
  });
  return { log: createLogger({ level: "info", json: true, stream }), lines };
}

/** Source → warehouse with nothing of ours in between: COPY TO piped into COPY FROM (Postgres sources). */
async function sourceCopyFloor(config: AppConfig, db: Db, runId: string) {
  const out: { table: string; rows: number; read: number; copy: number | null }[] = [];
  for (const source of config.sources) {
    const src = connectSource(source.client, config.sourceUrls[source.name]!);
    try {
      for (const entity of ENTITY_NAMES) {
        const plan = planEntity(source, entity);
        if (!plan) continue;
        let rows = 0;
        let t0 = performance.now();
        const discard = new Writable({ write: (c: Buffer, _e, cb) => ((rows += count(c)), cb()) });
        if (source.client === "pg")
          await withPgClient(src, (c) => pipeline(c.query(copyTo(`COPY (${plan.sql}) TO STDOUT`)), discard));
        else for await (const _r of src.raw(plan.sql).stream() as AsyncIterable<unknown>) rows++;
        const read = secs(t0);
        let copy: number | null = null;
        if (source.client === "pg") {
          const scratch = `staging.bench_floor_${entity}`;
          const sql = `SELECT '${runId}', '${source.name}', 0, ${plan.sql.slice("SELECT ".length)}`;
          await db.raw(`CREATE UNLOGGED TABLE ${scratch} (LIKE ${STAGING_TABLE[entity]} INCLUDING INDEXES)`);
          try {
            t0 = performance.now();
            await withPgClient(src, (c) =>
              withPgClient(db, (w) =>
                pipeline(
                  c.query(copyTo(`COPY (${sql}) TO STDOUT`)),
                  w.query(copyFrom(`COPY ${scratch} FROM STDIN`)),
                ),
              ),
            );
            copy = secs(t0);
          } finally {
            await db.raw(`DROP TABLE ${scratch}`);
          }
        }
        out.push({ table: `${source.name}.${entity}`, rows, read, copy });
      }
    } finally {
      await src.destroy();
    }
  }
  return out;
}

const count = (c: Buffer) => {
  let n = 0;
  for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++;
  return n;
};

/** The run's staged rows COPYed out of the warehouse and into a scratch copy of each staging table. */
async function stagingCopyFloor(db: Db, runId: string): Promise<number> {
  const t0 = performance.now();
  for (const table of Object.values(STAGING_TABLE)) {
    const scratch = `${table}_bench_floor`;
    await db.raw(`CREATE UNLOGGED TABLE ${scratch} (LIKE ${table} INCLUDING INDEXES)`);
    try {
      await withPgClient(db, (r) =>
        withPgClient(db, (w) =>
          pipeline(
            r.query(copyTo(`COPY (SELECT * FROM ${table} WHERE run_id = '${runId}') TO STDOUT`)),
            w.query(copyFrom(`COPY ${scratch} FROM STDIN`)),
          ),
        ),
      );
    } finally {
      await db.raw(`DROP TABLE ${scratch}`);
    }
  }
  return secs(t0);
}

/** Rejected rows per source table and reason, against the demo ground truth in the ERP database. */
async function truthCheck(db: Db, erpUrl: string, runId: string) {
  const erp = new pg.Client({ connectionString: erpUrl });
  await erp.connect();
  const truth = await erp
    .query(
      "SELECT source || '.' || entity || ' ' || reason AS k, count(*)::int AS n FROM truth.defects GROUP BY 1",
    )
    .finally(() => erp.end());
  const got = await db.raw<{ rows: { k: string; n: number }[] }>(
    "SELECT source || '.' || entity || ' ' || reason AS k, count(*)::int AS n FROM etl.rejects WHERE run_id = ? GROUP BY 1",
    [runId],
  );
  const have = new Map(got.rows.map((r) => [r.k, r.n]));
  const want = new Map(truth.rows.map((r) => [r.k as string, r.n as number]));
  const keys = [...new Set([...have.keys(), ...want.keys()])].sort();
  return keys.map((k) => ({ kind: k, truth: want.get(k) ?? 0, rejected: have.get(k) ?? 0 }));
}

/** The configured sources read in one pass per table (no `partition`), the baseline for the floor. */
function onePassConfig(config: AppConfig): AppConfig {
  const sources = config.sources.map((s) => ({
    ...s,
    entities: Object.fromEntries(
      Object.entries(s.entities).map(([e, m]) => [e, { ...m, partition: undefined }]),
    ),
  }));
  return { ...config, sources } as AppConfig;
}

async function removeRun(db: Db, runId: string) {
  for (const t of [
    ...Object.values(STAGING_TABLE),
    "core.int_customers",
    "core.int_orders",
    "core.int_order_lines",
  ])
    await db.raw(`DELETE FROM ${t} WHERE run_id = ?`, [runId]);
  for (const t of ["core.int_payments", "core.int_credit"])
    await db.raw(`DELETE FROM ${t} WHERE run_id = ?`, [runId]);
  await db("etl.runs").where({ run_id: runId }).delete();
}

type Timed = { s: number; rows: number; steps: { s: number; step: string }[] };

function report(name: string, r: Timed, floor: number, floorWhat: string) {
  console.log(
    `\n${name}: ${r.rows} rows in ${r.s.toFixed(1)} s = ${rate(r.rows, r.s)} rows/s; floor ${floor.toFixed(1)} s (${floorWhat}), ratio ${(r.s / floor).toFixed(2)}`,
  );
  for (const x of r.steps) console.log(`  ${x.s.toFixed(1).padStart(6)} s  ${x.step}`);
}

async function main() {
  const config = loadConfig();
  await ensureDatabase(config.env.warehouseUrl);
  const db = connectWarehouse(config.env.warehouseUrl, { min: 0, max: 6 });
  await migrate(db);
  const erpUrl = config.sourceUrls.erp!;
  const erp = new pg.Client({ connectionString: erpUrl });
  await erp.connect();
  const info = (await erp.query("SELECT customers, anchor FROM truth.seed_info").finally(() => erp.end()))
    .rows[0];
  const anchor = new Date(info.anchor as string);
  const asOf = new Date(anchor.getTime() + 2 * 3600_000);
  const quarter = formatQuarter(quarterOf(new Date(anchor.getTime() - 1), config.timezone));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const reuse = process.argv[process.argv.indexOf("--reuse") + 1];
  const runs: string[] = [];
  const stage = async (runId: string, cfg: AppConfig, fn: typeof extractStage): Promise<Timed> => {
    if (!runs.includes(runId) && runId !== reuse) {
      runs.push(runId);
      const params = { bench: true };
      await createRun(db, { runId, quarter, trigger: "manual", params, configHash: cfg.configHash, asOf });
      // Recorded as cancelled at once, so it never holds the quarter's one active run.
      await db("etl.runs").where({ run_id: runId }).update({ status: "cancelled" });
    }
    const { log, lines } = timedLog();
    const t0 = performance.now();
    const counts = await fn({ db, config: cfg, runId, quarter, asOf, log } satisfies StageContext);
    const steps = lines.map((l, i) => ({ s: (l.at - (i ? lines[i - 1]!.at : t0)) / 1000, step: l.message }));
    return { s: secs(t0), rows: counts.rowsIn ?? 0, steps };
  };
  const runId = args.has("--reuse") && reuse ? reuse : `bench-extract-${stamp}`;
  const figures: Record<string, unknown> = { customers: info.customers, runId };
  try {
    console.log(
      `${info.customers} golden customers; warehouse ${redactUrl(config.env.warehouseUrl)}; run ${runId}`,
    );
    if (!args.has("--reuse")) {
      const floor = await sourceCopyFloor(config, db, runId);
      console.log("source floor: table, rows, read s (COPY TO / streamed SELECT), COPY out→in s");
      for (const f of floor)
        console.log(
          `  ${f.table.padEnd(16)} ${String(f.rows).padStart(9)}  ${f.read.toFixed(2)}  ${f.copy?.toFixed(2) ?? "-"}`,
        );
      const floorCopy = floor.reduce((n, f) => n + (f.copy ?? f.read), 0);
      const extract = await stage(runId, onePassConfig(config), extractStage);
      report("extract, one pass per table", extract, floorCopy, "pg tables COPY out→in + CRM streamed read");
      Object.assign(figures, { floor, floorCopy, extract });
      if (args.has("--partitioned")) {
        const parted = await stage(`${runId}-p`, config, extractStage);
        report("extract, partitioned as configured", parted, floorCopy, "as above");
        figures.parted = parted;
      }
    }
    const cleanFloor = await stagingCopyFloor(db, runId);
    const clean = await stage(runId, config, cleanStage);
    report("clean", clean, cleanFloor, "the run's staging COPY out→in");
    const truth = await truthCheck(db, erpUrl, runId);
    const misses = truth.filter((x) => x.truth !== x.rejected);
    console.log(
      `\nground truth: ${truth.length} defect kinds, ${misses.length ? `MISMATCH ${JSON.stringify(misses)}` : "every kind rejected with its count"}`,
    );
    console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    Object.assign(figures, { cleanFloor, clean, truth, peakRss });
    mkdirSync("out/bench", { recursive: true });
    const file = `out/bench/extract-clean-${stamp}.json`;
    writeFileSync(file, JSON.stringify(figures, null, 2));
    console.log(`figures in ${file}`);
  } finally {
    if (!args.has("--keep")) for (const r of runs) await removeRun(db, r);
    clearInterval(sampler);
    await db.destroy();
  }
}

await main();
