// Which quarters a backfill runs, in order, under a reprocess policy. Pure: ledger rows come in.
import { addQuarters, formatQuarter, parseQuarter } from "../runs/quarter.js";

/** missing: quarters with no run yet (or only cancelled ones); failed: also those whose latest run
 * failed; all: every quarter in the range. Each policy includes the one before (as Airflow's). */
export type Reprocess = "missing" | "failed" | "all";
export const REPROCESS: readonly Reprocess[] = ["missing", "failed", "all"];

export type QuarterState = "missing" | "failed" | "succeeded" | "active";

export interface LedgerRun {
  run_id: string;
  quarter: string;
  status: string;
  created_at: Date;
}

export interface PlannedQuarter {
  quarter: string;
  state: QuarterState;
  /** The run that gives the quarter its state. */
  latestRunId: string | null;
  action: "run" | "skip";
  why: string;
}

export function quarterRange(from: string, to: string, max = 200): string[] {
  const a = parseQuarter(from);
  const b = parseQuarter(to);
  const n = b.year * 4 + b.q - (a.year * 4 + a.q);
  if (n < 0) throw new Error(`--from ${from} is after --to ${to}`);
  if (n >= max) throw new Error(`${n + 1} quarters from ${from} to ${to}: at most ${max} at a time`);
  return Array.from({ length: n + 1 }, (_, i) => formatQuarter(addQuarters(a, i)));
}

/** A quarter's state is its latest run that was not cancelled; an active run always wins. */
export function quarterState(runs: readonly LedgerRun[]): { state: QuarterState; runId: string | null } {
  const active = runs.find((r) => r.status === "queued" || r.status === "running");
  if (active) return { state: "active", runId: active.run_id };
  const latest = runs
    .filter((r) => r.status !== "cancelled")
    .sort((x, y) => new Date(y.created_at).getTime() - new Date(x.created_at).getTime())[0];
  if (!latest) return { state: "missing", runId: null };
  return { state: latest.status === "succeeded" ? "succeeded" : "failed", runId: latest.run_id };
}

const SELECTED: Record<Reprocess, readonly QuarterState[]> = {
  missing: ["missing"],
  failed: ["missing", "failed"],
  all: ["missing", "failed", "succeeded"],
};

export function planBackfill(
  quarters: readonly string[],
  runs: readonly LedgerRun[],
  reprocess: Reprocess,
): PlannedQuarter[] {
  return quarters.map((quarter) => {
    const { state, runId } = quarterState(runs.filter((r) => r.quarter === quarter));
    if (state === "active")
      return { quarter, state, latestRunId: runId, action: "skip", why: `run ${runId} is still active` };
    const run = SELECTED[reprocess].includes(state);
    const why = run
      ? `${state}, selected by --reprocess ${reprocess}`
      : `${state}, not selected by --reprocess ${reprocess}`;
    return { quarter, state, latestRunId: runId, action: run ? "run" : "skip", why };
  });
}
