// Waits for a run to finish by polling the ledger, reporting progress after each change.
import type { Db } from "../db/warehouse.js";
import { getRun, getStages, type RunRow, type StageRow } from "./ledger.js";

export async function waitForRun(
  db: Db,
  runId: string,
  onProgress: (run: RunRow, stages: StageRow[]) => void,
  opts: { pollMs?: number; timeoutMs?: number } = {},
): Promise<RunRow> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60 * 60_000);
  for (;;) {
    const run = await getRun(db, runId);
    if (!run) throw new Error(`run ${runId} not found`);
    onProgress(run, await getStages(db, runId));
    if (["succeeded", "failed", "cancelled"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after the wait limit`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}
