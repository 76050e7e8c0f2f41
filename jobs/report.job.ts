// The report stage job: builds the workbook for the run, stores it, and reports its size.
import { buildReport } from "../src/report/report.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const reportJob: StageService = async (ctx) => {
  const r = await buildReport(ctx.db, ctx.config, ctx.runId, ctx.log);
  return { rowsOut: 1, details: { file: r.filePath, sizeBytes: r.sizeBytes, sha256: r.sha256 } };
};
