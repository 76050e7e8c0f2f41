// `retier backfill`: one new run per selected quarter, oldest first, each awaited before the next
// starts (a quarter's tiers depend on the previous quarter's). Stops at the first run that does not
// succeed; running it again with --reprocess missing|failed resumes where it stopped.
import type { FlowProducer } from "bullmq";
import { startRun } from "../../jobs/start-run.js";
import type { AppConfig } from "../config/load.js";
import type { Db } from "../db/warehouse.js";
import type { RunRow, StageRow } from "../runs/ledger.js";
import { waitForRun } from "../runs/wait.js";
import {
  type LedgerRun,
  planBackfill,
  type PlannedQuarter,
  quarterRange,
  type Reprocess,
} from "./backfill-plan.js";

export interface BackfillOptions {
  from: string;
  to: string;
  reprocess: Reprocess;
  dryRun?: boolean;
  /** The runs' notion of now (their as_of); the CLI passes the clock. */
  now: () => Date;
  actor: string;
  onPlan?: (plan: PlannedQuarter[]) => void;
  onProgress?: (run: RunRow, stages: StageRow[]) => void;
  onRunDone?: (quarter: string, run: RunRow) => void;
  pollMs?: number;
  timeoutMs?: number;
}

export interface BackfillResult {
  plan: PlannedQuarter[];
  runs: { quarter: string; runId: string; status: string }[];
  /** The quarter whose run did not succeed, when the backfill stopped early. */
  stoppedAt: string | null;
}

export async function loadPlan(db: Db, quarters: string[], reprocess: Reprocess): Promise<PlannedQuarter[]> {
  // Only re-tiers: a quarter whose nightly syncs ran has still not been re-tiered.
  const runs: LedgerRun[] = await db("etl.runs")
    .whereIn("quarter", quarters)
    .where({ kind: "retier" })
    .select("run_id", "quarter", "status", "created_at");
  return planBackfill(quarters, runs, reprocess);
}

export async function backfill(
  deps: { db: Db; config: AppConfig; producer: FlowProducer },
  opts: BackfillOptions,
): Promise<BackfillResult> {
  const quarters = quarterRange(opts.from, opts.to);
  const plan = await loadPlan(deps.db, quarters, opts.reprocess);
  opts.onPlan?.(plan);
  const result: BackfillResult = { plan, runs: [], stoppedAt: null };
  if (opts.dryRun) return result;
  const active = plan.find((p) => p.state === "active");
  if (active)
    throw new Error(
      `${active.quarter} has an active run ${active.latestRunId}: wait for it or cancel it, then backfill again`,
    );
  for (const p of plan.filter((x) => x.action === "run")) {
    const started = await startRun(deps.db, deps.config, deps.producer, {
      quarter: p.quarter,
      trigger: "backfill",
      now: opts.now(),
      params: { backfill: { from: opts.from, to: opts.to, reprocess: opts.reprocess, by: opts.actor } },
    });
    if (!started.started)
      throw new Error(`${p.quarter} got an active run ${started.activeRunId} meanwhile; backfill stopped`);
    const run = await waitForRun(deps.db, started.runId, opts.onProgress ?? (() => undefined), {
      pollMs: opts.pollMs,
      timeoutMs: opts.timeoutMs,
    });
    result.runs.push({ quarter: p.quarter, runId: started.runId, status: run.status });
    opts.onRunDone?.(p.quarter, run);
    if (run.status !== "succeeded") {
      result.stoppedAt = p.quarter;
      break;
    }
  }
  return result;
}
