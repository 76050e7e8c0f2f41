// Extract: streams every mapped source table into staging, read-only on the source, COPY into the
// warehouse, replacing this run's earlier staging rows for that table in the same transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type pg from "pg";
import { ENTITY_NAMES, type SourceConfig } from "../config/schema.js";
import { encodeCopyRow } from "../db/copy.js";
import { connectSource, type Db, inPgTransaction, redactUrl } from "../db/warehouse.js";
import { DataError, TransientError, errorMessage } from "../errors.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { type EntityPlan, missingColumns, planEntity, STAGING_TABLE } from "./mapping.js";
import { PrefixLines } from "./prefix-lines.js";

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P03",
  "PROTOCOL_CONNECTION_LOST",
]);

export async function extractStage(ctx: StageContext): Promise<StageCounts> {
  let total = 0;
  const perTable: Record<string, number> = {};
  for (const source of ctx.config.sources) {
    const url = ctx.config.sourceUrls[source.name]!;
    const src = connectSource(source.client, url);
    try {
      for (const entity of ENTITY_NAMES) {
        const plan = planEntity(source, entity);
        if (!plan) continue;
        ctx.signal?.throwIfAborted();
        const rows = await extractEntity(ctx, source, src, plan).catch((err: unknown) => {
          throw classify(err, source, url, plan);
        });
        perTable[`${source.name}.${entity}`] = rows;
        total += rows;
        ctx.log.info(`extracted ${rows} rows from ${source.name} ${plan.table}`);
      }
    } finally {
      await src.destroy();
    }
  }
  return { rowsIn: total, rowsOut: total, details: { tables: perTable } };
}

function classify(err: unknown, source: SourceConfig, url: string, plan: EntityPlan): Error {
  if (err instanceof DataError || err instanceof TransientError) return err;
  const code = (err as { code?: string }).code ?? "";
  const where = `source ${source.name} (${redactUrl(url)}), table ${plan.table}`;
  if (CONNECTION_ERRORS.has(code) || /connect|terminat|timeout/i.test(errorMessage(err)))
    return new TransientError(`${where}: source unreachable: ${errorMessage(err)}`, { cause: err });
  return new Error(`${where}: ${errorMessage(err)}`, { cause: err });
}

async function sourceColumns(source: SourceConfig, src: Db, table: string): Promise<string[]> {
  const [schema, name] = table.includes(".") ? table.split(".") : [null, table];
  if (source.client === "pg") {
    const r = await src.raw(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = coalesce(?, current_schema()) AND table_name = ?",
      [schema, name],
    );
    return (r.rows as { column_name: string }[]).map((x) => x.column_name);
  }
  const [rows] = await src.raw(
    "SELECT column_name AS column_name FROM information_schema.columns WHERE table_schema = coalesce(?, database()) AND table_name = ?",
    [schema, name],
  );
  return (rows as { column_name: string }[]).map((x) => x.column_name);
}

async function extractEntity(
  ctx: StageContext,
  source: SourceConfig,
  src: Db,
  plan: EntityPlan,
): Promise<number> {
  const actual = await sourceColumns(source, src, plan.table);
  if (actual.length === 0)
    throw new DataError(`source ${source.name}: table ${plan.table} not found (or has no columns)`);
  const missing = missingColumns(plan, actual);
  if (missing.length)
    throw new DataError(
      `source ${source.name}, table ${plan.table}: column ${missing.join(", ")} not found (mapped in config sources.${source.name}.entities.${plan.entity}.columns)`,
    );

  const target = STAGING_TABLE[plan.entity];
  const cols = ["run_id", "source", "row_no", ...plan.columns.map((c) => c.field)];
  return inPgTransaction(ctx.db, async (wh) => {
    await wh.query(`DELETE FROM ${target} WHERE run_id = $1 AND source = $2`, [ctx.runId, source.name]);
    const sink = wh.query(copyFrom(`COPY ${target} (${cols.join(", ")}) FROM STDIN`));
    const prefix = new PrefixLines(ctx.runId, source.name);
    if (source.client === "pg") await streamFromPg(src, source, plan, prefix, sink);
    else await streamFromMysql(src, source, plan, prefix, sink);
    await wh.query(
      `INSERT INTO etl.source_counts (run_id, source, entity, extracted) VALUES ($1, $2, $3, $4)
         ON CONFLICT (run_id, source, entity) DO UPDATE SET extracted = EXCLUDED.extracted, accepted = NULL, rejected = NULL`,
      [ctx.runId, source.name, plan.entity, prefix.rows],
    );
    return prefix.rows;
  });
}

/** Postgres source: COPY (SELECT …) TO STDOUT inside a read-only transaction with a statement timeout. */
async function streamFromPg(
  src: Db,
  source: SourceConfig,
  plan: EntityPlan,
  prefix: PrefixLines,
  sink: NodeJS.WritableStream,
) {
  await inPgTransaction(
    src,
    async (client: pg.PoolClient) => {
      await client.query(`SET LOCAL statement_timeout = ${Math.floor(source.statement_timeout_ms)}`);
      await client.query("SET LOCAL TimeZone = 'UTC'");
      await pipeline(client.query(copyTo(`COPY (${plan.sql}) TO STDOUT`)), prefix, sink);
    },
    "BEGIN READ ONLY",
  );
}

/** MySQL/MariaDB source: a streamed SELECT inside a read-only transaction, encoded as COPY text. */
async function streamFromMysql(
  src: Db,
  source: SourceConfig,
  plan: EntityPlan,
  prefix: PrefixLines,
  sink: NodeJS.WritableStream,
) {
  await src.transaction(
    async (trx) => {
      const ms = Math.floor(source.statement_timeout_ms);
      await trx.raw("SET SESSION time_zone = '+00:00'");
      // MariaDB names the limit max_statement_time (seconds), MySQL max_execution_time (ms).
      await trx
        .raw(`SET SESSION max_statement_time = ${ms / 1000}`)
        .catch(() => trx.raw(`SET SESSION max_execution_time = ${ms}`));
      const rows = trx.raw(plan.sql).stream() as unknown as AsyncIterable<Record<string, unknown>>;
      const fields = plan.columns.map((c) => c.field);
      async function* encode() {
        for await (const row of rows)
          yield encodeCopyRow(
            fields.map((f) => {
              const v = row[f];
              return v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);
            }),
          );
      }
      await pipeline(Readable.from(encode()), prefix, sink);
    },
    { readOnly: true },
  );
}
