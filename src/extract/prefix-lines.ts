// Prefixes each COPY text line with the run id, the source name and a row number, so a source's
// COPY TO output can stream straight into a staging table's COPY FROM. Rows are numbered from
// `rowNoBase` + 1, so partitions of one table never share a number.
import { Transform, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { encodeCopyValue } from "../db/copy.js";

export class PrefixLines extends Transform {
  rows = 0;
  private rest = "";
  private readonly base: number;
  // A chunk can end inside a multi-byte character: decode across chunk boundaries.
  private readonly decoder = new StringDecoder("utf8");
  private readonly prefix: string;

  constructor(runId: string, source: string, rowNoBase = 0) {
    super();
    this.base = rowNoBase;
    this.prefix = `${encodeCopyValue(runId)}\t${encodeCopyValue(source)}\t`;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const text = this.rest + this.decoder.write(chunk);
    const lines = text.split("\n");
    this.rest = lines.pop() ?? "";
    let out = "";
    for (const line of lines) out += `${this.prefix}${this.base + ++this.rows}\t${line}\n`;
    cb(null, out);
  }

  override _flush(cb: TransformCallback): void {
    this.rest += this.decoder.end();
    if (this.rest) cb(null, `${this.prefix}${this.base + ++this.rows}\t${this.rest}\n`);
    else cb();
  }
}
