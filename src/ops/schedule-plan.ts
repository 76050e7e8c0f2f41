// What a quarterly or nightly fire means and whether a missed quarterly one must be caught up. Pure:
// instants and ledger rows come in as arguments.
import { cronRunId, syncRunId } from "../runs/ids.js";
import { addQuarters, formatQuarter, quarterOf } from "../runs/quarter.js";
import { localFields } from "./cron.js";

/** A fire re-tiers the quarter that ended before it (02:00 on 1 October → Q3). */
export function quarterForFire(fireAt: Date, tz: string): string {
  return formatQuarter(addQuarters(quarterOf(fireAt, tz), -1));
}

/**
 * A nightly sync fire belongs to the quarter containing it in `tz` (01:30 on 1 October → Q4: it freshens
 * the data the quarter under way is made of), and is named by its local wall-clock time, so every
 * scheduler derives the same run id (a time a DST fall-back repeats names one run).
 */
export function syncForFire(fireAt: Date, tz: string): { quarter: string; runId: string } {
  const quarter = formatQuarter(quarterOf(fireAt, tz));
  const t = localFields(fireAt, tz);
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${t.year}${p(t.month)}${p(t.day)}T${p(t.hour)}${p(t.minute)}${p(t.second)}`;
  return { quarter, runId: syncRunId(quarter, stamp) };
}

export interface QuarterRunFact {
  run_id: string;
  status: string;
  created_at: Date;
}

export type CatchUpDecision =
  | { fire: true; quarter: string; fireAt: Date; runId: string }
  | { fire: false; quarter: string; why: string };

/**
 * The latest scheduled fire was missed when its cron run does not exist and nobody ran the quarter
 * since (a manual or backfill run started after the fire time covers it; one started before it ran on
 * a quarter that had not ended). An active run also means there is nothing to catch up.
 */
export function catchUpDecision(fireAt: Date, tz: string, runs: readonly QuarterRunFact[]): CatchUpDecision {
  const quarter = quarterForFire(fireAt, tz);
  const runId = cronRunId(quarter);
  const own = runs.find((r) => r.run_id === runId);
  if (own) return { fire: false, quarter, why: `the fire already ran as ${runId} (${own.status})` };
  const active = runs.find((r) => r.status === "queued" || r.status === "running");
  if (active) return { fire: false, quarter, why: `${quarter} has an active run ${active.run_id}` };
  const since = runs.find(
    (r) => r.status !== "cancelled" && new Date(r.created_at).getTime() >= fireAt.getTime(),
  );
  if (since)
    return { fire: false, quarter, why: `${quarter} was run after the fire time by ${since.run_id}` };
  return { fire: true, quarter, fireAt, runId };
}
