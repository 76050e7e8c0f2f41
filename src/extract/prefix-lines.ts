// Prefixes each COPY text line with the run id, the source name and a row number, so a source's
// COPY TO output can stream straight into a staging table's COPY FROM. Rows are numbered from
// `rowNoBase` + 1, so partitions of one table never share a number.
import { Transform, type TransformCallback } from "node:stream";
import { encodeCopyValue } from "../db/copy.js";

const NEWLINE = 0x0a;
const TAB = 0x09;
/** Room for a row number and its tab (row numbers stay below 2^53: 16 digits). */
const NUMBER_ROOM = 18;

// Works on bytes, never decoding: in COPY text a newline byte always ends a row (one inside a value is
// escaped as \n), and UTF-8 never uses that byte inside a multi-byte character.
export class PrefixLines extends Transform {
  rows = 0;
  private rest: Buffer = Buffer.alloc(0);
  private readonly base: number;
  private readonly prefix: Buffer;

  constructor(runId: string, source: string, rowNoBase = 0) {
    super();
    this.base = rowNoBase;
    this.prefix = Buffer.from(`${encodeCopyValue(runId)}\t${encodeCopyValue(source)}\t`);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let lines = 0;
    for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) lines++;
    const out = Buffer.allocUnsafe(data.length + lines * (this.prefix.length + NUMBER_ROOM));
    let at = 0;
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
      at = this.writeRow(out, at, data, start, end + 1);
      start = end + 1;
    }
    // Keep the unfinished line (copied: it would otherwise pin the whole chunk).
    this.rest = Buffer.from(data.subarray(start));
    cb(null, out.subarray(0, at));
  }

  override _flush(cb: TransformCallback): void {
    if (this.rest.length === 0) return cb();
    const out = Buffer.allocUnsafe(this.rest.length + 1 + this.prefix.length + NUMBER_ROOM);
    let at = this.writeRow(out, 0, this.rest, 0, this.rest.length);
    out[at++] = NEWLINE;
    cb(null, out.subarray(0, at));
  }

  private writeRow(out: Buffer, at: number, data: Buffer, start: number, end: number): number {
    at += this.prefix.copy(out, at);
    at += out.write(String(this.base + ++this.rows), at, "latin1");
    out[at++] = TAB;
    return at + data.copy(out, at, start, end);
  }
}
