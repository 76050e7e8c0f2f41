// Backpressure for exceljs's streaming writer, which has none: a worksheet's rows are pushed into the zip
// entry's buffer however far the deflate behind it lags. Waiting for that buffer to drain keeps memory flat.
import { once } from "node:events";

/** Buffered, not yet deflated bytes of one sheet above which the writer waits (a few MB keeps deflate busy). */
export const MAX_PENDING_BYTES = 4 * 2 ** 20;

interface PendingWritable {
  _writableState?: { length?: number; needDrain?: boolean };
  once?: unknown;
}

/**
 * The stream between a worksheet and the zip: exceljs's StreamBuf (`worksheet.stream`) pipes into the
 * PassThrough archiver wraps it in. These are internals (exceljs 4.x, archiver 5.x, readable-stream 2.x,
 * which has no `writableLength`), so every step is checked: when the shape differs the writer simply does
 * not wait — the workbook stays correct and the memory benchmark (report-memory.bench.ts) shows the cost.
 */
function zipEntryBuffer(worksheet: object): (PendingWritable & NodeJS.EventEmitter) | null {
  const stream = (worksheet as { stream?: { pipes?: unknown } }).stream;
  const pipe = Array.isArray(stream?.pipes) ? (stream.pipes[0] as PendingWritable | undefined) : undefined;
  if (!pipe || typeof pipe.once !== "function" || typeof pipe._writableState?.length !== "number")
    return null;
  return pipe as PendingWritable & NodeJS.EventEmitter;
}

/** Resolves at once unless more than `maxPending` bytes of the sheet wait for the deflate; then on drain. */
export async function zipDrained(worksheet: object, maxPending = MAX_PENDING_BYTES): Promise<void> {
  const pipe = zipEntryBuffer(worksheet);
  const state = pipe?._writableState;
  // 'drain' comes only after a write was refused (needDrain); without that flag there is nothing to await.
  if (pipe && state?.needDrain === true && (state.length ?? 0) > maxPending) await once(pipe, "drain");
}
