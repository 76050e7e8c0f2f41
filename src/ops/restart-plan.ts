// Which stages a retry or a rerun sends back to pending, and from where the new flow starts. Pure.
import { STAGES, type Stage } from "../runs/quarter.js";

export type RestartMode = { kind: "retry" } | { kind: "rerun"; from: Stage };

export interface RestartPlan {
  /** The new flow's first stage; earlier stages are not in it and their output is reused. */
  from: Stage;
  /** Stages set back to pending; stages marked skipped/succeeded after `from` keep their mark (retry). */
  reset: Stage[];
}

interface RunFacts {
  run_id: string;
  status: string;
}
interface StageFacts {
  stage: Stage;
  status: string;
}

const done = (s: StageFacts) => s.status === "succeeded" || s.status === "skipped";

export function planRestart(
  run: RunFacts,
  stages: readonly StageFacts[],
  mode: RestartMode,
): RestartPlan | { error: string } {
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  const ordered = STAGES.map((stage) => byStage.get(stage) ?? { stage, status: "pending" });
  if (mode.kind === "rerun") {
    if (!STAGES.includes(mode.from))
      return { error: `unknown stage ${mode.from}: expected one of ${STAGES.join(", ")}` };
    return { from: mode.from, reset: STAGES.slice(STAGES.indexOf(mode.from)) };
  }
  if (run.status === "succeeded")
    return {
      error: `run ${run.run_id} succeeded: nothing to retry (rerun it with: retier rerun ${run.run_id} --from STAGE)`,
    };
  const first = ordered.find((s) => !done(s));
  if (!first) return { error: `run ${run.run_id}: every stage is succeeded or skipped, nothing to retry` };
  const rest = ordered.slice(STAGES.indexOf(first.stage));
  return { from: first.stage, reset: rest.filter((s) => !done(s)).map((s) => s.stage) };
}
