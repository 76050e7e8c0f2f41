// Stores the written workbook in etl.report_files by streaming it from disk through a binary COPY, hashing
// it on the way: memory stays flat however large the file (a bytea bind parameter would hold it 2–3 times).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { sqlFile } from "../db/sql-file.js";
import { type Db, inPgTransaction } from "../db/warehouse.js";
import { COPY_HEADER, COPY_TRAILER, encodeField, streamedFieldLength, tupleStart } from "./copy-binary.js";

export interface ReportFileRow {
  runId: string;
  fileName: string;
  filePath: string;
  /** etl.report_files.summary, as JSON text. */
  summaryJson: string;
}

export interface StoredFile {
  sizeBytes: number;
  sha256: string;
}

/** Replaces the run's stored report with the file at `filePath`, in one transaction. */
export async function storeReportFile(db: Db, row: ReportFileRow): Promise<StoredFile> {
  const { size } = await stat(row.filePath);
  const hash = createHash("sha256");
  let streamed = 0;
  let sha256 = "";
  async function* tuple(): AsyncGenerator<Buffer> {
    yield Buffer.concat([
      COPY_HEADER,
      tupleStart(7),
      encodeField({ type: "text", value: row.runId }),
      encodeField({ type: "text", value: row.fileName }),
      encodeField({ type: "text", value: row.filePath }),
      encodeField({ type: "int8", value: size }),
      streamedFieldLength(size),
    ]);
    for await (const chunk of createReadStream(row.filePath)) {
      const b = chunk as Buffer;
      hash.update(b);
      streamed += b.length;
      if (streamed > size) break; // grown since stat: the check below fails the COPY
      yield b;
    }
    // The length word promised `size` bytes: anything else would shift every later field.
    if (streamed !== size)
      throw new Error(
        `report file ${row.filePath} changed while being stored: ${size} bytes, read ${streamed}`,
      );
    sha256 = hash.digest("hex");
    yield Buffer.concat([
      encodeField({ type: "text", value: sha256 }),
      encodeField({ type: "jsonb", value: row.summaryJson }),
      COPY_TRAILER,
    ]);
  }
  await inPgTransaction(db, async (client) => {
    await client.query(sqlFile("report/delete_run_report_file"), [row.runId]);
    await pipeline(Readable.from(tuple()), client.query(copyFrom(sqlFile("report/copy_report_file"))));
  });
  return { sizeBytes: size, sha256 };
}
