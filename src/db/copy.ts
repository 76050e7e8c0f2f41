// Moves rows into Postgres with COPY FROM STDIN (text format), never row by row.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdent } from "./ident.js";
import type pg from "pg";

export type CopyValue = string | number | bigint | boolean | Date | null | undefined | string[] | object;

/** Encodes one value in COPY text format: \N for null, with backslash, tab, CR and LF escaped. */
export function encodeCopyValue(v: CopyValue): string {
  if (v === null || v === undefined) return "\\N";
  let s: string;
  if (v instanceof Date) s = v.toISOString();
  // Arrays are Postgres array literals (text[]); pass JSON for jsonb columns as a string.
  else if (Array.isArray(v)) s = `{${v.map((x) => `"${String(x).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  else if (typeof v === "object") s = JSON.stringify(v);
  else s = String(v);
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

export function encodeCopyRow(values: readonly CopyValue[]): string {
  return values.map(encodeCopyValue).join("\t") + "\n";
}

/** Encodes rows and batches them into chunks of ~64 KiB: one COPY write per row costs more than encoding it. */
export async function* encodeCopyChunks(
  rows: AsyncIterable<readonly CopyValue[]> | Iterable<readonly CopyValue[]>,
) {
  let buf = "";
  for await (const r of rows) {
    buf += encodeCopyRow(r);
    if (buf.length > 65536) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** COPYs rows into `table(columns)` on `client` (usually inside its transaction); returns the row count. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly CopyValue[]> | Iterable<readonly CopyValue[]>,
): Promise<number> {
  const sql = `COPY ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c)).join(", ")}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(encodeCopyChunks(rows)), stream);
  return Number(stream.rowCount ?? 0);
}
