// A read-only session on one source: every table of the source is read from one snapshot. Postgres
// exports that snapshot so partitions on other connections see exactly the same rows; MySQL/MariaDB
// cannot share one, so each partition there reads from its own consistent snapshot.
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { to as copyTo } from "pg-copy-streams";
import type pg from "pg";
import type { SourceConfig } from "../config/schema.js";
import { encodeCopyChunks } from "../db/copy.js";
import type { Db } from "../db/warehouse.js";
import type { EntityPlan } from "./mapping.js";

export interface SqlPart {
  sql: string;
  bindings: string[];
}

export interface SourceSession {
  /** Column names and types (lower-case), or none when the table does not exist. */
  columns(table: string): Promise<{ name: string; type: string }[]>;
  /** One row of scalars (as text) from a metadata query in the session's snapshot. */
  scalar(sql: string, bindings?: string[]): Promise<(string | null)[]>;
  /** All first-column values of a query (a sorted key sample). */
  list(sql: string, bindings?: string[]): Promise<string[]>;
  /** Streams `select` as COPY text lines into `sink`; `parallel` reads on a connection of its own. */
  copyOut(plan: EntityPlan, select: SqlPart, sink: Writable, parallel: boolean): Promise<void>;
  close(): Promise<void>;
}

type Conn = pg.PoolClient;
const pgSetup = (source: SourceConfig) => [
  `SET LOCAL statement_timeout = ${Math.floor(source.statement_timeout_ms)}`,
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  // The session waits idle while partitions read; the snapshot must outlive them.
  "SET LOCAL idle_in_transaction_session_timeout = 0",
];

/** Metadata queries are written with `?` placeholders for both dialects; Postgres wants $1, $2, …. */
function pgParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPgSession(src: Db, source: SourceConfig): Promise<SourceSession> {
  const main = (await src.client.acquireConnection()) as Conn;
  let snapshot: string;
  try {
    await main.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    for (const s of pgSetup(source)) await main.query(s);
    snapshot = (await main.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
  } catch (err) {
    await src.client.releaseConnection(main);
    throw err;
  }
  const copy = (client: Conn, sql: string, sink: Writable) =>
    pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), sink);
  return {
    async columns(table) {
      const [schema, name] = table.includes(".") ? table.split(".") : [null, table];
      const r = await main.query<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type FROM information_schema.columns
          WHERE table_schema = coalesce($1, current_schema()) AND table_name = $2`,
        [schema, name],
      );
      return r.rows;
    },
    async scalar(sql, bindings = []) {
      const r = await main.query({ text: pgParams(sql), values: bindings, rowMode: "array" });
      return (r.rows[0] as (string | null)[] | undefined) ?? [];
    },
    async list(sql, bindings = []) {
      const r = await main.query({ text: pgParams(sql), values: bindings, rowMode: "array" });
      return (r.rows as string[][]).map((x) => x[0]!);
    },
    async copyOut(_plan, select, sink, parallel) {
      if (select.bindings.length) throw new Error("Postgres COPY takes no bindings: inline checked literals");
      if (!parallel) return copy(main, select.sql, sink);
      const client = (await src.client.acquireConnection()) as Conn;
      try {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "")}'`);
        for (const s of pgSetup(source)) await client.query(s);
        await copy(client, select.sql, sink);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        await src.client.releaseConnection(client);
      }
    },
    async close() {
      await main.query("ROLLBACK").catch(() => undefined);
      await src.client.releaseConnection(main);
    },
  };
}

type MyConn = object;

async function mysqlBegin(src: Db, conn: MyConn, source: SourceConfig): Promise<void> {
  const ms = Math.floor(source.statement_timeout_ms);
  await src.raw("SET SESSION time_zone = '+00:00'").connection(conn);
  // MariaDB names the limit max_statement_time (seconds), MySQL max_execution_time (ms).
  await src
    .raw(`SET SESSION max_statement_time = ${ms / 1000}`)
    .connection(conn)
    .catch(() => src.raw(`SET SESSION max_execution_time = ${ms}`).connection(conn));
  await src.raw("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY").connection(conn);
}

export async function openMysqlSession(src: Db, source: SourceConfig): Promise<SourceSession> {
  const main = (await src.client.acquireConnection()) as MyConn;
  try {
    await mysqlBegin(src, main, source);
  } catch (err) {
    await src.client.releaseConnection(main);
    throw err;
  }
  const rows = async (sql: string, bindings: string[]) =>
    ((await src.raw(sql, bindings).connection(main)) as unknown as [Record<string, unknown>[]])[0];
  const text = (v: unknown) =>
    v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);
  async function stream(conn: MyConn, plan: EntityPlan, select: SqlPart, sink: Writable) {
    const found = src.raw(select.sql, select.bindings).connection(conn).stream();
    const fields = plan.columns.map((c) => c.field);
    async function* values() {
      for await (const row of found as AsyncIterable<Record<string, unknown>>)
        yield fields.map((f) => text(row[f]));
    }
    await pipeline(Readable.from(encodeCopyChunks(values())), sink);
  }
  return {
    async columns(table) {
      const [schema, name] = table.includes(".") ? table.split(".") : [null, table];
      const r = await rows(
        `SELECT column_name AS name, lower(data_type) AS type FROM information_schema.columns
          WHERE table_schema = coalesce(?, database()) AND table_name = ?`,
        [schema as string, name as string],
      );
      return r.map((x) => ({ name: String(x.name), type: String(x.type) }));
    },
    async scalar(sql, bindings = []) {
      const r = await rows(sql, bindings);
      return r[0] ? Object.values(r[0]).map(text) : [];
    },
    async list(sql, bindings = []) {
      return (await rows(sql, bindings)).map((x) => text(Object.values(x)[0]) ?? "");
    },
    async copyOut(plan, select, sink, parallel) {
      if (!parallel) return stream(main, plan, select, sink);
      const conn = (await src.client.acquireConnection()) as MyConn;
      try {
        await mysqlBegin(src, conn, source);
        await stream(conn, plan, select, sink);
        await src.raw("COMMIT").connection(conn);
      } catch (err) {
        await src
          .raw("ROLLBACK")
          .connection(conn)
          .catch(() => undefined);
        throw err;
      } finally {
        await src.client.releaseConnection(conn);
      }
    },
    async close() {
      await src
        .raw("ROLLBACK")
        .connection(main)
        .catch(() => undefined);
      await src.client.releaseConnection(main);
    },
  };
}
