// Clean: customers are normalised in TypeScript over a stream (names, phones, regions need rich logic);
// orders, lines, payments and credit are validated in the warehouse (set work pushed down as SQL).
// Each source is cleaned in a few transactions (see cleanSource); then every table is reconciled and its reject rate checked.
import { assertIntermediates } from "../runs/intermediates.js";
import type pg from "pg";
import type { SourceConfig } from "../config/schema.js";
import { copyRowBatches, copyRows, type CopyValue, type RowBatches } from "../db/copy.js";
import { cursorBatches } from "../db/cursor.js";
import { summarizeBrin } from "../db/fresh-for-reads.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import { DataError } from "../errors.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { runBounded } from "../extract/bounded.js";
import { cleanCustomer } from "./customer.js";
import { loadRegionTable } from "./reference.js";
import { reconcile, type TableCount } from "./reconcile.js";

const INT_CUSTOMER_COLUMNS = [
  "run_id",
  "source",
  "source_key",
  "name",
  "name_key",
  "phone_e164",
  "email",
  "region_code",
  "credit_code",
  "created_at",
  "updated_at",
  "flags",
];
const REJECT_COLUMNS = ["run_id", "source", "entity", "source_key", "reason", "detail", "raw"];

interface StagedCustomer {
  row_no: string;
  source_key: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  region: string | null;
  credit_code: string | null;
  created_at: string | null;
  updated_at: string | null;
  dup_reason: string | null;
}

/** A staged customer as the reject keeps it: its fields, without the stage's own columns. */
function stagedFields(r: StagedCustomer): Omit<StagedCustomer, "row_no" | "dup_reason"> {
  const { dup_reason: _dup, row_no: _rowNo, ...raw } = r;
  return raw;
}

/** Sources cleaned at once: one's customers (TypeScript) overlap another's SQL; each takes two connections. */
const PARALLEL_SOURCES = 2;

export async function cleanStage(ctx: StageContext): Promise<StageCounts> {
  await assertIntermediates(ctx.db, ctx.runId, "clean");
  await runBounded(ctx.config.sources, PARALLEL_SOURCES, (source) => cleanSource(ctx, source));
  const counts = await ctx.db("etl.source_counts").where({ run_id: ctx.runId }).select<TableCount[]>();
  const verdict = reconcile(counts, ctx.config.clean.max_reject_rate);
  const result = {
    rowsIn: verdict.extracted,
    rowsOut: verdict.accepted,
    rowsRejected: verdict.rejected,
    details: { reconciliation: verdict.tables, ok: verdict.problems.length === 0 },
  };
  // Rejects are committed first so the engineer can inspect them; the stage then fails without retries.
  if (verdict.problems.length)
    throw new DataError(`clean: ${verdict.problems.join("; ")} — see \`retier rejects ${ctx.runId}\``);
  return result;
}

async function cleanCustomers(
  ctx: StageContext,
  source: SourceConfig,
  client: pg.PoolClient,
  params: unknown[],
): Promise<void> {
  const regions = await loadRegionTable();
  const rejects: CopyValue[][] = [];
  const flags = new Map<string, number>();
  let accepted = 0;
  const reject = (r: StagedCustomer, reason: string, detail: string | null) =>
    rejects.push([ctx.runId, source.name, "customer", r.source_key, reason, detail, stagedFields(r)]);
  // Read the staged rows on a second connection while this one COPYs into core within the transaction.
  await withPgClient(ctx.db, async (reader) => {
    const staged = cursorBatches<StagedCustomer>(reader, sqlFile("clean/staged_customers"), params);
    async function* accept(): RowBatches {
      for await (const batch of staged) {
        const out: CopyValue[][] = [];
        for (const r of batch) {
          if (r.dup_reason) {
            reject(r, r.dup_reason, null);
            continue;
          }
          const res = cleanCustomer(r, { timezone: ctx.config.timezone, regions });
          if (!res.ok) {
            reject(r, res.reason, res.detail);
            continue;
          }
          for (const f of res.flags) flags.set(f, (flags.get(f) ?? 0) + 1);
          accepted++;
          const c = res.row;
          out.push([
            ctx.runId,
            source.name,
            c.source_key,
            c.name,
            c.name_key,
            c.phone_e164,
            c.email,
            c.region_code,
            c.credit_code,
            c.created_at,
            c.updated_at,
            res.flags,
          ]);
        }
        yield out;
      }
    }
    await copyRowBatches(client, "core.int_customers", INT_CUSTOMER_COLUMNS, accept());
  });
  await copyRows(client, "etl.rejects", REJECT_COLUMNS, rejects);
  for (const [flag, n] of flags)
    await client.query(
      "INSERT INTO etl.field_flags (run_id, source, entity, flag, row_count) VALUES ($1, $2, 'customer', $3, $4)",
      [ctx.runId, source.name, flag, n],
    );
  await setCounts(client, ctx.runId, source.name, "customer", accepted, rejects.length);
  ctx.log.info(`customers from ${source.name}: ${accepted} accepted, ${rejects.length} rejected`);
}

/**
 * One source, after its earlier output (if any) is removed, in a transaction per entity:
 * - its customers, normalised in TypeScript (the event loop's work), and at the same time
 * - its orders, classified in SQL in a transaction of its own while the customers are still being
 *   cleaned; once those are committed, orders of customers that were not accepted are marked
 *   (orphan_order) and the rest accepted;
 * - its credit ratings once the customers are committed, in a transaction of their own beside the orders'
 *   (the customers' work and the orders' classify fill both cores until then; after it, the orders'
 *   classify alone left one idle);
 * - once the orders are committed, its order lines (in parts) and payments, which depend only on them, in
 *   transactions at once (PostgreSQL runs a statement on one core, and these are most of the SQL work).
 * Should any fail, what this source's clean wrote is removed again, so a failed stage leaves the
 * warehouse as it was.
 */
async function cleanSource(ctx: StageContext, source: SourceConfig): Promise<void> {
  const params = await entityParams(ctx, source);
  const inTx = (fn: (client: pg.PoolClient) => Promise<void>) =>
    inPgTransaction(ctx.db, async (client) => {
      ctx.signal?.throwIfAborted();
      await client.query("SELECT set_config('work_mem', $1, true)", [ctx.config.clean.work_mem]);
      // Every join here matches a table's rows by key, all of them: hash joins. The planner's guesses
      // for this run's rows are from before they existed (the clean analyses no shared table, see
      // finishEntity), and on a guess of one row it chose nested loops: the order lines' part filter in
      // the classify (minutes at S), the orders' and ratings' orphan marks against the run's customers
      // on a new warehouse (74 s and 7 s at S, a scan of the customers per order).
      await client.query("SET LOCAL enable_nestloop = off");
      await client.query(sqlFile("clean/temp_tables"));
      await fn(client);
    });
  const removeOutput = () =>
    inPgTransaction(ctx.db, (c) => c.query(sqlFile("clean/delete_run_source"), [ctx.runId, source.name]));
  const entities = (phase: 1 | 2) =>
    TX_ENTITIES.filter((x) => x.phase === phase && source.entities[x.entity]);
  await removeOutput();
  const customers = source.entities.customer
    ? inTx((client) => cleanCustomers(ctx, source, client, params.customer!))
    : Promise.resolve();
  const clean = (e: TxEntity, after?: Promise<void>, part = 0) =>
    inTx(async (client) => {
      // Only an entity with `parts` has the part parameters in its SQL.
      const partParams = "parts" in e ? [part, e.parts] : [];
      const classified = await classify(client, e, [...params[e.entity]!, ...partParams]);
      await after;
      const label = "parts" in e ? ` (part ${part + 1}/${e.parts})` : "";
      await finishEntity(ctx, source, client, e, classified, label);
    });
  // Orders and ratings each in their own transaction: the lines and payments wait only for the orders.
  const orders = entities(1)
    .filter((e) => e.entity === "order")
    .map((e) => clean(e, customers));
  // At L the ratings' classify beside the customers took CPU from the orders' (the stage's longest path,
  // 29.7 s), and after the customers the orders' classify ran alone for 8–10 s.
  const ratings = entities(1)
    .filter((e) => e.entity !== "order")
    .map((e) => customers.then(() => clean(e)));
  for (const r of ratings) r.catch(() => {}); // observed below; not an unhandled rejection meanwhile
  const ready = await Promise.allSettled([customers, ...orders]);
  const ok = ready.every((r) => r.status === "fulfilled");
  // The lines and payments find the run's orders through core.int_orders' BRIN: summarise their ranges
  // first, or each of those statements reads the orders of every run retention keeps.
  const summarized = ok && orders.length ? summarizeBrin(ctx.db, "core.int_orders") : Promise.resolve(0);
  const children = ok
    ? entities(2).flatMap((e) =>
        Array.from({ length: partsOf(e) }, (_, part) => summarized.then(() => clean(e, undefined, part))),
      )
    : [];
  const settled = await Promise.allSettled([customers, ...orders, ...ratings, ...children]);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    await removeOutput().catch((err: unknown) =>
      ctx.log.error(`clean: could not remove ${source.name}'s partial output`, { err }),
    );
    throw failed.reason;
  }
}

const TX_ENTITIES = [
  {
    entity: "order",
    phase: 1,
    stg: "staging.stg_orders",
    cls: "cls_orders",
    classify: "clean/classify_orders",
    markOrphans: "clean/mark_orphan_orders",
    accept: "clean/accept_orders",
  },
  {
    entity: "order_line",
    phase: 2,
    stg: "staging.stg_order_lines",
    cls: "cls_order_lines",
    classify: "clean/classify_order_lines",
    markOrphans: null,
    accept: "clean/accept_order_lines",
    // Most of the clean's SQL: in two transactions at once (by order_key), beside the payments, so both
    // cores work once the payments are done instead of one (at L: 34 s of lines, 16 s of payments).
    parts: 2,
  },
  {
    entity: "payment",
    phase: 2,
    stg: "staging.stg_payments",
    cls: "cls_payments",
    classify: "clean/classify_payments",
    markOrphans: null,
    accept: "clean/accept_payments",
  },
  {
    entity: "credit",
    phase: 1,
    stg: "staging.stg_credit",
    cls: "cls_credit",
    classify: "clean/classify_credit",
    markOrphans: "clean/mark_orphan_credit",
    accept: "clean/accept_credit",
  },
] as const;
type TxEntity = (typeof TX_ENTITIES)[number];

/** Transactions an entity is cleaned in at once (its `parts`, else one). */
const partsOf = (e: TxEntity): number => ("parts" in e ? e.parts : 1);

async function entityParams(ctx: StageContext, source: SourceConfig): Promise<Record<string, unknown[]>> {
  const tz = ctx.config.timezone;
  const rates = JSON.stringify(ctx.config.currency.rates);
  // Which fields the extract read from typed columns: those are cast, not parsed (migration 0008).
  // And whether the source itself keeps source_key unique: then no search for repeated keys.
  const { rows: extracts } = await ctx.db.raw<{
    rows: {
      entity: string;
      typed_fields: object;
      source_key_unique: boolean;
    }[];
  }>(
    "SELECT entity, typed_fields, source_key_unique FROM etl.extract_watermarks WHERE run_id = ? AND source = ?",
    [ctx.runId, source.name],
  );
  const typed = (entity: string) =>
    JSON.stringify(extracts.find((x) => x.entity === entity)?.typed_fields ?? {});
  const unique = (entity: string) => extracts.find((x) => x.entity === entity)?.source_key_unique ?? false;
  return {
    order: [
      ctx.runId,
      source.name,
      tz,
      ctx.asOf,
      rates,
      ctx.config.clean.amount_tolerance_cny,
      typed("order"),
      typed("order_line"),
      unique("order"),
    ],
    order_line: [ctx.runId, source.name, typed("order_line"), unique("order_line"), rates],
    payment: [ctx.runId, source.name, tz, typed("payment"), unique("payment"), rates],
    credit: [ctx.runId, source.name, tz, typed("credit")],
    customer: [ctx.runId, source.name, unique("customer")],
  };
}

/** Seconds since a performance.now() reading, to one decimal, for the log. */
const since = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

/** Classifies one entity's staged rows into its work table; returns the seconds it took. */
async function classify(client: pg.PoolClient, e: TxEntity, params: unknown[]) {
  const t0 = performance.now();
  await client.query(sqlFile(e.classify), params);
  return since(t0);
}

/**
 * After an entity's rows are classified into its work table: marks rows whose customer was not accepted
 * (phase 1, the customers are committed by now), then accepts the good rows into core and rejects the
 * rest with their reasons.
 */
async function finishEntity(
  ctx: StageContext,
  source: SourceConfig,
  client: pg.PoolClient,
  e: TxEntity,
  classifySeconds: number,
  part: string,
): Promise<void> {
  const seconds: Record<string, number> = { classify: classifySeconds };
  let t0 = performance.now();
  if (e.markOrphans) {
    await client.query(sqlFile(e.markOrphans), [ctx.runId, source.name]);
    seconds.orphans = since(t0);
  }
  // No ANALYZE of shared tables here: inside a long transaction its lock would queue every other run's
  // clean behind ours (the extract analyses staging once it is loaded). Work tables are private.
  // Statistics for the statements that read the work table next (no index: each reads it whole).
  t0 = performance.now();
  await client.query(`ANALYZE ${e.cls}`);
  const acc = await client.query(sqlFile(e.accept), [ctx.runId, source.name]);
  seconds.accept = since(t0);
  t0 = performance.now();
  // Identifiers here are fixed by code (TX_ENTITIES), never taken from config.
  // The rejects' staged rows fetched by their ctid (a TID scan of a few pages each), not by a join on
  // row_no, which read all of staging again (order lines at L: 10 s).
  const rej = await client.query(
    `INSERT INTO etl.rejects (run_id, source, entity, source_key, reason, detail, raw)
       WITH c AS MATERIALIZED (SELECT source_key, reason, detail, tid FROM ${e.cls} WHERE reason IS NOT NULL)
       SELECT $1, $2, $3, c.source_key, c.reason, c.detail, to_jsonb(s.staged) - 'run_id' - 'source' - 'row_no'
       FROM (SELECT x.ctid AS tid, x AS staged FROM ${e.stg} x
             WHERE x.ctid = ANY (ARRAY(SELECT tid FROM c)) AND x.run_id = $1 AND x.source = $2) s
       JOIN c ON c.tid = s.tid`,
    [ctx.runId, source.name, e.entity],
  );
  seconds.rejects = since(t0);
  await setCounts(client, ctx.runId, source.name, e.entity, acc.rowCount ?? 0, rej.rowCount ?? 0);
  const took = Object.entries(seconds)
    .map(([step, s]) => `${step} ${s} s`)
    .join(", ");
  ctx.log.info(
    `${e.entity} rows from ${source.name}${part}: ${acc.rowCount} accepted, ${rej.rowCount} rejected (${took})`,
  );
}

/** Adds a transaction's accepted and rejected rows to the table's counts (reset by clean/delete_run_source). */
async function setCounts(
  client: pg.PoolClient,
  runId: string,
  source: string,
  entity: string,
  accepted: number,
  rejected: number,
) {
  await client.query(
    `INSERT INTO etl.source_counts (run_id, source, entity, extracted, accepted, rejected) VALUES ($1, $2, $3, 0, $4, $5)
     ON CONFLICT (run_id, source, entity) DO UPDATE SET
       accepted = coalesce(etl.source_counts.accepted, 0) + EXCLUDED.accepted,
       rejected = coalesce(etl.source_counts.rejected, 0) + EXCLUDED.rejected`,
    [runId, source, entity, accepted, rejected],
  );
}
