// Moves rows into Postgres with COPY FROM STDIN (text format), never row by row.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdent } from "./ident.js";
import type pg from "pg";

export type CopyValue = string | number | bigint | boolean | Date | null | undefined | string[] | object;

/** The characters COPY text format escapes. */
const SPECIAL = /[\\\t\n\r]/;

/** Encodes one value in COPY text format: \N for null, with backslash, tab, CR and LF escaped. */
export function encodeCopyValue(v: CopyValue): string {
  if (v === null || v === undefined) return "\\N";
  // Numbers, booleans and timestamps have no character to escape (most values of a large COPY).
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString();
  let s: string;
  // Arrays are Postgres array literals (text[]); pass JSON for jsonb columns as a string.
  if (Array.isArray(v)) s = `{${v.map((x) => `"${String(x).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  else if (typeof v === "object") s = JSON.stringify(v);
  else s = v;
  // Testing first is cheaper than a replace that finds nothing, which is almost every value.
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

export function encodeCopyRow(values: readonly CopyValue[]): string {
  return values.map(encodeCopyValue).join("\t") + "\n";
}

/** Rows are batched into chunks of ~64 KiB: one COPY write per row costs more than encoding it. */
const CHUNK_CHARS = 65536;

type Rows = AsyncIterable<readonly CopyValue[]> | Iterable<readonly CopyValue[]>;
/** Rows in batches (a cursor's reads): one await per batch, not per row. */
export type RowBatches = AsyncIterable<Iterable<readonly CopyValue[]>>;

/** Encoded rows collected until they pass ~64 KiB; a chunk always ends at a row's end. */
class Chunker {
  rest = "";
  add(row: readonly CopyValue[]): string | undefined {
    this.rest += encodeCopyRow(row);
    if (this.rest.length <= CHUNK_CHARS) return undefined;
    const chunk = this.rest;
    this.rest = "";
    return chunk;
  }
}

/**
 * Encodes rows and batches them into chunks of ~64 KiB. Rows at hand (an array, a generator over columns)
 * are encoded without `for await`, which costs a promise and a microtask per row (at 1 M rows, seconds).
 */
export function encodeCopyChunks(rows: Rows): Iterable<string> | AsyncIterable<string> {
  return Symbol.iterator in rows ? chunksOf(rows) : chunksOfStream(rows);
}

function* chunksOf(rows: Iterable<readonly CopyValue[]>) {
  const c = new Chunker();
  for (const r of rows) {
    const chunk = c.add(r);
    if (chunk) yield chunk;
  }
  if (c.rest) yield c.rest;
}

async function* chunksOfStream(rows: AsyncIterable<readonly CopyValue[]>) {
  const c = new Chunker();
  for await (const r of rows) {
    const chunk = c.add(r);
    if (chunk) yield chunk;
  }
  if (c.rest) yield c.rest;
}

export async function* encodeCopyBatches(batches: RowBatches): AsyncIterable<string> {
  const c = new Chunker();
  for await (const batch of batches)
    for (const r of batch) {
      const chunk = c.add(r);
      if (chunk) yield chunk;
    }
  if (c.rest) yield c.rest;
}

/** COPYs rows into `table(columns)` on `client` (usually inside its transaction); returns the row count. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Rows,
): Promise<number> {
  return copyChunks(client, table, columns, encodeCopyChunks(rows));
}

/** copyRows for rows that come in batches. */
export async function copyRowBatches(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  batches: RowBatches,
): Promise<number> {
  return copyChunks(client, table, columns, encodeCopyBatches(batches));
}

async function copyChunks(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<number> {
  const sql = `COPY ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c)).join(", ")}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks), stream);
  return Number(stream.rowCount ?? 0);
}
