// Seeds the demo sources: recreates the ERP (Postgres) and CRM (MariaDB) tables, streams generated rows into them
// (COPY / multi-row INSERT, one pass, every table loading at once) and writes the ground truth to schema truth.
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdent } from "../db/ident.js";
import { ensureDatabase } from "../db/migrate.js";
import { sqlFile } from "../db/sql-file.js";
import { connectSource, connectWarehouse, type Db, redactUrl, withPgClient } from "../db/warehouse.js";
import type { Logger } from "../log.js";
import { BatchChannel } from "./batch-channel.js";
import { crmDatabaseName, readSeedState, runMysqlScript, withoutDatabase } from "./seed-state.js";
import {
  batchCounts,
  CRM_COLUMNS,
  type CrmValue,
  crmValues,
  multiRowInsert,
  PG_TABLES,
  type SeedTableName,
} from "./seed-tables.js";
import { emptyBatch, GENERATOR_VERSION, generateDemo, validateDemoParams } from "./generator.js";
import type { DemoParams } from "./types.js";

export type { SeedTableName } from "./seed-tables.js";

export interface SeedOptions extends DemoParams {
  erpUrl: string;
  crmUrl: string;
  log: Logger;
  /** Golden customers per generated batch (default 100). */
  batchSize?: number;
}

export interface SeedSummary {
  customers: number;
  seed: number;
  anchor: Date;
  rows: Record<SeedTableName, number>;
  durationMs: number;
}

const CRM_ROWS_PER_INSERT = 1000;

/** Replaces the demo data in both source databases with the data set for (customers, seed, anchor). */
export async function seedDemo(opts: SeedOptions): Promise<SeedSummary> {
  validateDemoParams(opts);
  const started = performance.now();
  const { log } = opts;
  log.info("demo seed: preparing source databases", {
    erp: redactUrl(opts.erpUrl),
    crm: redactUrl(opts.crmUrl),
  });
  await ensureDatabase(opts.erpUrl);
  await ensureMysqlDatabase(opts.crmUrl);

  const pg = connectWarehouse(opts.erpUrl, { min: 0, max: PG_TABLES.length + 2 });
  const crm = connectSource("mysql2", opts.crmUrl);
  try {
    return await withPgClient(pg, async (lock) => {
      // One seeder at a time per ERP database; a second one waits and then replaces the data again.
      await lock.query("SELECT pg_advisory_lock(hashtext('retier.demo.seed'))");
      try {
        // Truth first: without truth.seed_info the data counts as not seeded until the very end.
        await lock.query(sqlFile("demo/truth-tables"));
        await lock.query(sqlFile("demo/erp-tables"));
        await runMysqlScript(crm, sqlFile("demo/crm-customers"));
        const rows = await streamRows(pg, crm, opts);
        log.info("demo seed: rows loaded, building keys and indexes", {
          loadMs: Math.round(performance.now() - started),
        });
        await Promise.all([
          withPgClient(pg, (c) => c.query(sqlFile("demo/erp-keys"))),
          withPgClient(pg, (c) => c.query(sqlFile("demo/truth-keys"))),
        ]);
        await lock.query(sqlFile("demo/seed-info-insert"), [
          opts.customers,
          opts.seed,
          opts.anchor,
          GENERATOR_VERSION,
          JSON.stringify(rows),
          opts.orderScale ?? 1,
        ]);
        const durationMs = Math.round(performance.now() - started);
        log.info("demo seed: done", { durationMs, ...rows });
        return { customers: opts.customers, seed: opts.seed, anchor: opts.anchor, rows, durationMs };
      } finally {
        await lock.query("SELECT pg_advisory_unlock(hashtext('retier.demo.seed'))");
      }
    });
  } finally {
    await Promise.all([pg.destroy(), crm.destroy()]);
  }
}

/** Whether both databases hold a completed seed of exactly these parameters (and this generator version). */
export async function demoIsSeeded(erpUrl: string, crmUrl: string, params: DemoParams): Promise<boolean> {
  const state = await readSeedState(erpUrl, crmUrl);
  return (
    state !== null &&
    state.customers === params.customers &&
    state.seed === String(params.seed) &&
    state.anchor.getTime() === params.anchor.getTime() &&
    state.generatorVersion === GENERATOR_VERSION &&
    state.orderScale === (params.orderScale ?? 1) &&
    state.crmRows === state.expectedCrmRows &&
    state.erpCustomerRows === state.expectedErpCustomerRows
  );
}

async function ensureMysqlDatabase(crmUrl: string): Promise<void> {
  const server = connectSource("mysql2", withoutDatabase(crmUrl));
  try {
    const name = quoteIdent(crmDatabaseName(crmUrl), "mysql");
    await server.raw(
      `CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await server.destroy();
  }
}

/** COPY FROM STDIN fed with chunks already in COPY text format (see seed-tables.ts for why not copyRows). */
async function copyChunks(
  pg: Db,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<string>,
): Promise<number> {
  const sql = `COPY ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c)).join(", ")}) FROM STDIN`;
  return withPgClient(pg, async (client) => {
    const stream = client.query(copyFrom(sql));
    await pipeline(Readable.from(chunks), stream);
    return Number(stream.rowCount ?? 0);
  });
}

async function insertCrmRows(crm: Db, batches: AsyncIterable<CrmValue[]>): Promise<number> {
  const table = quoteIdent("customers", "mysql");
  const columns = CRM_COLUMNS.map((c) => quoteIdent(c, "mysql"));
  const perRow = CRM_COLUMNS.length;
  const fullSql = multiRowInsert(table, columns, CRM_ROWS_PER_INSERT);
  let total = 0;
  for await (const values of batches) {
    for (let at = 0; at < values.length; at += CRM_ROWS_PER_INSERT * perRow) {
      const slice = values.slice(at, at + CRM_ROWS_PER_INSERT * perRow);
      const rows = slice.length / perRow;
      await crm.raw(rows === CRM_ROWS_PER_INSERT ? fullSql : multiRowInsert(table, columns, rows), slice);
      total += rows;
    }
  }
  return total;
}

/** One generator pass fanned out to a COPY per Postgres table and an INSERT loop for the CRM, all concurrent. */
async function streamRows(pg: Db, crm: Db, opts: SeedOptions): Promise<Record<SeedTableName, number>> {
  const pgChannels = PG_TABLES.map(() => new BatchChannel<string>(2));
  const crmChannel = new BatchChannel<CrmValue[]>(2);
  const channels: BatchChannel<unknown>[] = [...pgChannels, crmChannel];
  const fail = (err: unknown): never => {
    for (const c of channels) c.abort(err);
    throw err;
  };
  const consumers = Promise.all([
    ...PG_TABLES.map((t, k) =>
      copyChunks(pg, t.table, t.columns, pgChannels[k] as BatchChannel<string>).catch(fail),
    ),
    insertCrmRows(crm, crmChannel).catch(fail),
  ]);
  consumers.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled

  const counts = batchCounts(emptyBatch(0));
  let nextReport = 0.1;
  try {
    for (const batch of generateDemo(opts, { batchSize: opts.batchSize })) {
      const c = batchCounts(batch);
      for (const key of Object.keys(counts) as SeedTableName[]) counts[key] += c[key];
      // Encode everything before the first await, so the batch's row objects die young (cheap to collect).
      const texts = PG_TABLES.map((t) => t.encode(batch));
      const crmBatch = crmValues(batch);
      for (let k = 0; k < texts.length; k++) {
        if (texts[k]) await (pgChannels[k] as BatchChannel<string>).push([texts[k] as string]);
      }
      if (crmBatch.length) await crmChannel.push([crmBatch]);
      if (batch.goldenDone >= nextReport * opts.customers && batch.goldenDone < opts.customers) {
        opts.log.info("demo seed: generating", {
          golden: batch.goldenDone,
          of: opts.customers,
          orders: counts["erp.orders"],
        });
        nextReport = Math.floor((batch.goldenDone / opts.customers) * 10 + 1) / 10;
      }
    }
    for (const c of channels) c.close();
  } catch (err) {
    for (const c of channels) c.abort(err);
    await consumers.catch(() => {});
    throw err;
  }
  const loaded = await consumers;
  const expected = [...PG_TABLES.map((t) => t.table), "crm.customers" as const];
  expected.forEach((name, k) => {
    if (loaded[k] !== counts[name])
      throw new Error(`demo seed: ${name} received ${loaded[k]} rows, expected ${counts[name]}`);
  });
  return counts;
}
