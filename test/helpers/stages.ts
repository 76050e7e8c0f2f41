// Extract and clean one run in-process, for tests that compare what two runs staged and cleaned.
import { cleanStage } from "../../src/clean/clean.service.js";
import type { AppConfig } from "../../src/config/load.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { createRun } from "../../src/runs/ledger.js";
import type { TestEnv } from "./env.js";

export async function extractAndClean(
  t: TestEnv,
  run: { runId: string; quarter: string; asOf: Date; config: AppConfig },
): Promise<void> {
  const { runId, quarter, asOf, config } = run;
  const r = await createRun(t.db, { runId, quarter, trigger: "manual", params: {}, configHash: "x", asOf });
  if (!r.created) throw new Error(`run ${runId} not created: ${r.reason} ${r.activeRunId}`);
  const ctx = { db: t.db, config, runId, quarter, asOf, log: t.log };
  await extractStage(ctx);
  await cleanStage(ctx);
  // One active run per quarter: finish this one so the next can start.
  await t.db("etl.runs").where({ run_id: runId }).update({ status: "succeeded" });
}
