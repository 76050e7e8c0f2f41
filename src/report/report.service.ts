// The report stage: reads a published quarter, writes the workbook to out/reports/ and stores it (bytes,
// sha256, summary) in etl.report_files, replacing any earlier report of the same run.
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Knex } from "knex";
import type { AppConfig } from "../config/load.js";
import { DataError } from "../errors.js";
import type { Logger } from "../log.js";
import { adjustmentRow, customerRow } from "./list-rows.js";
import { adjustmentRecords, loadReportFacts, loadRun, tierListRecords } from "./load-facts.js";
import {
  buildReportModel,
  reportContext,
  type ListSource,
  type ReportOptions,
  type ReportSummary,
} from "./model.js";
import { stepTimes } from "../runs/step-times.js";
import type { CellValue } from "./safe-cell.js";
import { storeReportFile } from "./store-file.js";
import { writeWorkbook } from "./workbook.js";

export interface BuiltReport {
  filePath: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  summary: ReportSummary;
}

export interface BuildReportOptions {
  /** Rows per list sheet, header included; defaults to Excel's limit. */
  maxRowsPerSheet?: number;
}

export async function buildReport(
  db: Knex,
  config: AppConfig,
  runId: string,
  log: Logger,
  opts: BuildReportOptions = {},
): Promise<BuiltReport> {
  const steps = stepTimes();
  const run = await loadRun(db, runId);
  const facts = await loadReportFacts(db, run, {
    topShare: config.report.top_share,
    generatedAt: new Date(),
  });
  const { publish } = facts;
  if (publish.of_run === 0)
    throw new DataError(
      `run ${runId} has no rows for ${run.quarter} in marts.fct_customer_quarter` +
        (publish.customers
          ? ` (the quarter was published by run ${publish.published_run_id ?? "?"})`
          : " (load has not published it)"),
    );
  if (publish.of_run !== publish.customers)
    log.warn("quarter holds rows of other runs", {
      runId,
      quarter: run.quarter,
      ofRun: publish.of_run,
      rows: publish.customers,
    });

  const options: ReportOptions = {
    tiers: config.tiers,
    rules: config.rules,
    locale: config.report.locale,
    timezone: config.timezone,
    topShare: config.report.top_share,
  };
  steps.lap("facts");
  const model = buildReportModel(facts, options);
  const ctx = reportContext(facts, options);
  const openList = (source: ListSource): AsyncIterable<CellValue[][]> =>
    source.kind === "tier"
      ? mapRows(tierListRecords(db, run.quarter, source.tier), (r) => customerRow(r, ctx))
      : mapRows(adjustmentRecords(db, run.quarter, ctx.order), (r) => adjustmentRow(r, ctx));

  const dir = join(config.env.outDir, "reports");
  const fileName = `retier-${run.quarter}-${runId}.xlsx`;
  const filePath = join(dir, fileName);
  // Written aside and renamed, so a reader never sees half a workbook and a re-run replaces it whole.
  const partial = `${filePath}.${process.pid}.partial`;
  await mkdir(dir, { recursive: true });
  try {
    await writeWorkbook(partial, model, openList, {
      maskContacts: config.report.mask_contacts,
      maxRowsPerSheet: opts.maxRowsPerSheet,
    });
    await rename(partial, filePath);
    steps.lap("workbook");
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const { sizeBytes, sha256 } = await storeReportFile(db, {
    runId,
    fileName,
    filePath,
    summaryJson: JSON.stringify(model.summary),
  });
  steps.lap("store");
  log.info("report written", {
    runId,
    quarter: run.quarter,
    customers: model.summary.customers,
    sheets: model.sheets.length,
    sizeBytes,
    steps: steps.text(),
  });
  return { filePath, fileName, sizeBytes, sha256, summary: model.summary };
}

async function* mapRows<T>(
  batches: AsyncIterable<T[]>,
  toRow: (r: T) => CellValue[],
): AsyncGenerator<CellValue[][]> {
  for await (const batch of batches) yield batch.map(toRow);
}
