// Which runs retention prunes: old runs beyond their kind's window, never an active run, the extract an
// incremental extract continues from, a failed run a retry may still need, or a kept run's base.
import { describe, expect, it } from "vitest";
import { planRestart } from "../../../src/ops/restart-plan.js";
import { planRetention, type RetentionExtract, type RetentionRun } from "../../../src/ops/retention-plan.js";

const day = (n: number) => new Date(Date.UTC(2026, 9, 1 + n, 17, 30));
const policy = { keep_sync_runs: 2, keep_retier_runs: 1 };

/** A nightly sync of day `n`, succeeded unless said otherwise. */
const sync = (n: number, over: Partial<RetentionRun> = {}): RetentionRun => ({
  run_id: `sync-${n}`,
  kind: "sync",
  quarter: "2026Q4",
  status: "succeeded",
  created_at: day(n),
  pruned_at: null,
  pruned_rows: null,
  extract_done: true,
  ...over,
});
const retier = (n: number, quarter: string, over: Partial<RetentionRun> = {}): RetentionRun => ({
  ...sync(n),
  run_id: `retier-${n}`,
  kind: "retier",
  quarter,
  ...over,
});
/** The run's extract of erp.customer, `minutes` after its creation. */
const extract = (r: RetentionRun, base: string | null = null, minutes = 1): RetentionExtract => ({
  run_id: r.run_id,
  source: "erp",
  entity: "customer",
  extracted_at: new Date(r.created_at.getTime() + minutes * 60_000),
  base_run_id: base,
});
const extractsOf = (runs: RetentionRun[]) => runs.map((r, i) => extract(r, i ? runs[i - 1]!.run_id : null));

const pruned = (runs: RetentionRun[], extracts = extractsOf(runs)) =>
  planRetention(runs, extracts, policy)
    .filter((d) => d.prune)
    .map((d) => d.run_id)
    .sort();
const reasonOf = (runs: RetentionRun[], id: string, extracts = extractsOf(runs)) =>
  planRetention(runs, extracts, policy).find((d) => d.run_id === id)?.reason;

describe("retention plan", () => {
  it("prunes syncs beyond the newest ones of their kind, and counts re-tiers apart", () => {
    const runs = [sync(1), sync(2), sync(3), sync(4), retier(0, "2026Q3")];
    // retier-0 is the only re-tier: within its own window though older than every sync.
    expect(pruned(runs, extractsOf(runs.slice(0, 4)))).toEqual(["sync-1", "sync-2"]);
    expect(reasonOf(runs, "sync-1")).toBe("beyond the newest 2 sync runs");
    expect(reasonOf(runs, "retier-0")).toBe("one of the newest 1 retier runs");
  });

  it("keeps the latest extract of each source table, whatever its run's age", () => {
    // Three syncs since failed before extracting anything: sync-1 is still what the next one continues from.
    const runs = [sync(1), sync(2, { status: "failed", extract_done: false }), sync(3), sync(4)];
    runs[2]!.status = runs[3]!.status = "cancelled";
    const extracts = [extract(runs[0]!)];
    expect(pruned(runs, extracts)).toEqual([]);
    expect(reasonOf(runs, "sync-1", extracts)).toMatch(/^latest extract of erp\.customer/);
  });

  it("never prunes an active run, and keeps what an active run may still carry forward", () => {
    // sync-5 is queued (no worker), sync-6 running: the extract each may have read stays.
    const runs = [sync(1), sync(2), sync(3), sync(4, { status: "queued" }), sync(5, { status: "running" })];
    runs[4]!.extract_done = false;
    const extracts = extractsOf(runs.slice(0, 3));
    // A re-tier's full extract landed after sync-4 was queued: sync-3 is no longer the latest.
    const full = retier(3, "2026Q3", { created_at: new Date(day(4).getTime() + 3600_000) });
    runs.push(full);
    extracts.push(extract(full));
    const decisions = planRetention(runs, extracts, policy);
    expect(decisions.filter((d) => d.prune).map((d) => d.run_id)).toEqual(["sync-2", "sync-1"]);
    expect(reasonOf(runs, "sync-3", extracts)).toMatch(/^latest extract of erp\.customer/);
    expect(reasonOf(runs, "sync-4", extracts)).toBe("active (queued)");
    expect(decisions.find((d) => d.run_id === "sync-3")?.beyond_window).toBe(true);
  });

  it("keeps a failed run until a later run of its kind succeeded, then prunes it", () => {
    const failed = sync(1, { status: "failed" });
    const later = [
      sync(2, { status: "failed" }),
      sync(3, { status: "failed" }),
      sync(4, { status: "failed" }),
    ];
    const extracts = [extract(later[2]!)];
    expect(pruned([failed, ...later], extracts)).toEqual([]);
    expect(reasonOf([failed, ...later], "sync-1", extracts)).toBe(
      "failed and no later sync run succeeded: a retry reuses its rows",
    );
    expect(pruned([failed, ...later, sync(5)], extracts)).toEqual(["sync-1", "sync-2", "sync-3"]);
    expect(reasonOf([failed, ...later, sync(5)], "sync-1", extracts)).toBe("failed, superseded by sync-5");
  });

  it("supersedes a failed re-tier only by a later succeeded re-tier of the same quarter", () => {
    const failedQ3 = retier(1, "2026Q3", { status: "failed" });
    const q4 = retier(90, "2026Q4");
    expect(pruned([failedQ3, q4], [])).toEqual([]);
    expect(reasonOf([failedQ3, q4], "retier-1", [])).toMatch(/no later retier run of 2026Q3 succeeded/);
    const q3again = retier(2, "2026Q3");
    expect(pruned([failedQ3, q3again, q4], [])).toEqual(["retier-1", "retier-2"]);
  });

  it("keeps the base of a kept run whose extract is unfinished", () => {
    // sync-4 failed half-way through its extract, after laying its orders over sync-1's: a run kept in
    // the window whose extract may run again keeps the base it recorded, though not the latest of any table.
    const runs = [sync(1), sync(2), sync(3), sync(4, { status: "failed", extract_done: false })];
    const extracts = [extract(runs[0]!), extract(runs[1]!), extract(runs[2]!), extract(runs[3]!, "sync-1")];
    extracts[3]!.entity = "order";
    expect(pruned(runs, extracts)).toEqual(["sync-2"]);
    expect(reasonOf(runs, "sync-1", extracts)).toBe("base of run sync-4, whose extract is unfinished");
  });

  it("skips runs already pruned and finishes a prune that was interrupted", () => {
    const runs = [
      sync(1, { pruned_at: day(3), pruned_rows: "1200" }),
      sync(2, { pruned_at: day(4), pruned_rows: null }),
      sync(3),
      sync(4),
    ];
    const decisions = planRetention(runs, extractsOf(runs), policy);
    expect(decisions.map((d) => [d.run_id, d.prune, d.reason])).toEqual([
      ["sync-4", false, "one of the newest 2 sync runs"],
      ["sync-3", false, "one of the newest 2 sync runs"],
      ["sync-2", true, "an earlier prune did not finish"],
    ]);
  });
});

describe("restart plans of a pruned run", () => {
  const run = { run_id: "2026Q4-sync-20261002T013000", status: "failed", pruned_at: day(9) };
  const stages = [
    { stage: "extract" as const, status: "succeeded" },
    { stage: "clean" as const, status: "failed" },
  ];

  it("refuses a retry, naming the rerun from extract", () => {
    const plan = planRestart(run, stages, { kind: "retry" });
    expect(plan).toEqual({ error: expect.stringContaining("were pruned by retention") });
    expect((plan as { error: string }).error).toContain(
      "retier rerun 2026Q4-sync-20261002T013000 --from extract",
    );
    expect(planRestart({ ...run, status: "succeeded" }, stages, { kind: "retry" })).toEqual({
      error: expect.stringContaining("were pruned by retention"),
    });
  });

  it("reruns from extract, but not from a stage that reads the pruned rows", () => {
    expect(planRestart(run, stages, { kind: "rerun", from: "extract" })).toEqual({
      from: "extract",
      reset: ["extract", "clean"],
      flow: ["extract", "clean"],
    });
    expect(planRestart(run, stages, { kind: "rerun", from: "clean" })).toEqual({
      error: expect.stringContaining("--from extract"),
    });
  });
});
