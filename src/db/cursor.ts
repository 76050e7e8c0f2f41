// Reads a statement's rows in batches through a server-side cursor (pg-cursor), one batch ahead: while
// the caller works through a batch, the server already produces the next, so the two overlap on two cores
// instead of taking turns. An await per batch, where a row stream cost a promise per row.
import type pg from "pg";
import Cursor from "pg-cursor";

/** Rows per round trip. */
const CURSOR_BATCH = 2000;

export interface CursorOptions {
  /** "array": rows as value arrays in column order (no object per row). */
  rowMode?: "array";
  batchSize?: number;
}

/**
 * The rows of `sql` in batches, read on `client` (which must stay with the caller until the iteration
 * ends). Ending the iteration early closes the cursor.
 */
export async function* cursorBatches<T>(
  client: pg.ClientBase,
  sql: string,
  params: readonly unknown[],
  opts: CursorOptions = {},
): AsyncGenerator<T[]> {
  const size = opts.batchSize ?? CURSOR_BATCH;
  const cursor = client.query(new Cursor<T>(sql, [...params], opts.rowMode ? { rowMode: opts.rowMode } : {}));
  const read = (): Promise<T[]> => {
    const p = cursor.read(size);
    p.catch(() => {}); // awaited below; until then, a failure is not an unhandled rejection
    return p;
  };
  let next = read();
  try {
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return;
      // A short batch is the last: asking again would only return none.
      next = batch.length < size ? Promise.resolve([]) : read();
      yield batch;
    }
  } finally {
    // A read still running (the caller stopped early) ends before the cursor closes.
    await next.catch(() => {});
    await cursor.close();
  }
}
