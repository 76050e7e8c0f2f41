// Retry and rerun plans work on the run's own stage list: a sync's remaining flow never grows the
// quarterly stages (dedupe … email) back.
import { describe, expect, it } from "vitest";
import { planRestart } from "../../../src/ops/restart-plan.js";
import { KIND_STAGES } from "../../../src/runs/kinds.js";
import type { Stage } from "../../../src/runs/quarter.js";

const stages = (kind: keyof typeof KIND_STAGES, status: Partial<Record<Stage, string>>) =>
  KIND_STAGES[kind].map((stage) => ({ stage, status: status[stage] ?? "succeeded" }));

describe("restart plans", () => {
  it("retries a failed sync from its failed stage to its own last stage", () => {
    const run = { run_id: "2026Q4-sync-20261126T013000", status: "failed" };
    expect(planRestart(run, stages("sync", { clean: "failed" }), { kind: "retry" })).toEqual({
      from: "clean",
      reset: ["clean"],
      flow: ["clean"],
    });
  });

  it("reruns a sync from extract as extract and clean only, and refuses a stage it does not have", () => {
    const run = { run_id: "2026Q4-sync-20261126T013000", status: "succeeded" };
    expect(planRestart(run, stages("sync", {}), { kind: "rerun", from: "extract" })).toEqual({
      from: "extract",
      reset: ["extract", "clean"],
      flow: ["extract", "clean"],
    });
    expect(planRestart(run, stages("sync", {}), { kind: "rerun", from: "tier" })).toEqual({
      error: "run 2026Q4-sync-20261126T013000 has no stage tier: expected one of extract, clean",
    });
  });

  it("keeps a re-tier's marks after the failed stage and runs the rest of its flow", () => {
    const run = { run_id: "2026Q3-cron", status: "failed" };
    const facts = stages("retier", { tier: "failed", load: "pending", report: "skipped", email: "pending" });
    expect(planRestart(run, facts, { kind: "retry" })).toEqual({
      from: "tier",
      reset: ["tier", "load", "email"],
      flow: ["tier", "load", "report", "email"],
    });
  });
});
