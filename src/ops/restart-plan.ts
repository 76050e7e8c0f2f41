// Which stages a retry or a rerun sends back to pending, and from where the new flow starts. Pure.
// Works on the run's own stage list (every stage for a re-tier, extract and clean for a sync).
import type { Stage } from "../runs/quarter.js";
import { STAGES_READING_PRUNED } from "./retention-plan.js";

export type RestartMode = { kind: "retry" } | { kind: "rerun"; from: Stage };

export interface RestartPlan {
  /** The new flow's first stage; earlier stages are not in it and their output is reused. */
  from: Stage;
  /** Stages set back to pending; stages marked skipped/succeeded after `from` keep their mark (retry). */
  reset: Stage[];
  /** The new flow: the run's stages from `from` to its last. */
  flow: Stage[];
}

interface RunFacts {
  run_id: string;
  status: string;
  /** Retention deleted its staging and core.int_* rows (see retention-plan.ts). */
  pruned_at?: Date | null;
}
interface StageFacts {
  stage: Stage;
  status: string;
}

/** Why a pruned run refuses a retry, or a rerun from a stage that reads its pruned rows. */
export const prunedError = (run: RunFacts) =>
  `run ${run.run_id}: its intermediate rows (staging.stg_*, core.int_*) were pruned by retention` +
  `${run.pruned_at ? ` at ${run.pruned_at.toISOString()}` : ""}, so its earlier stages' output cannot be ` +
  `reused; run it again from the start with: retier rerun ${run.run_id} --from extract`;

const done = (s: StageFacts) => s.status === "succeeded" || s.status === "skipped";

/** `stages`: the run's stage rows in their order (etl.stage_runs.stage_order, as getStages returns them). */
export function planRestart(
  run: RunFacts,
  stages: readonly StageFacts[],
  mode: RestartMode,
): RestartPlan | { error: string } {
  const order = stages.map((s) => s.stage);
  if (!order.length) return { error: `run ${run.run_id} has no stages in the ledger` };
  if (mode.kind === "rerun") {
    if (!order.includes(mode.from))
      return { error: `run ${run.run_id} has no stage ${mode.from}: expected one of ${order.join(", ")}` };
    if (run.pruned_at && STAGES_READING_PRUNED.includes(mode.from)) return { error: prunedError(run) };
    const flow = order.slice(order.indexOf(mode.from));
    return { from: mode.from, reset: [...flow], flow };
  }
  // A pruned run is finished or superseded, and a retry would reuse rows that are gone.
  if (run.pruned_at) return { error: prunedError(run) };
  if (run.status === "succeeded")
    return {
      error: `run ${run.run_id} succeeded: nothing to retry (rerun it with: retier rerun ${run.run_id} --from STAGE)`,
    };
  const first = stages.find((s) => !done(s));
  if (!first) return { error: `run ${run.run_id}: every stage is succeeded or skipped, nothing to retry` };
  const rest = stages.slice(order.indexOf(first.stage));
  return {
    from: first.stage,
    reset: rest.filter((s) => !done(s)).map((s) => s.stage),
    flow: rest.map((s) => s.stage),
  };
}
