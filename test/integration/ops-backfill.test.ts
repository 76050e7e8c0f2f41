// Backfill on real BullMQ and Postgres: the reprocess policies pick the right quarters (dry-run starts
// nothing), runs go one at a time oldest first, and the backfill stops at a run that fails.
import { FlowProducer, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producerConnection } from "../../jobs/queues.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import { backfill } from "../../src/ops/backfill.js";
import { quarterRange, type Reprocess } from "../../src/ops/backfill-plan.js";
import { createRun } from "../../src/runs/ledger.js";
import type { TestEnv } from "../helpers/env.js";
import { createOpsWorld, type OpsWorld } from "../helpers/ops-world.js";
import type { SmtpCapture } from "../helpers/smtp.js";

// Everyone in one tier, so no customer changes tier between the backfilled quarters. Loading a second
// quarter in which some customer's tier changed currently fails in sql/load/scd2_apply.sql (its INSERT
// of the new current row runs before its UPDATE closing the old one: dim_customer_one_current);
// reported to the lead. Drop this override once that is fixed.
const ONE_TIER = {
  scoring: { method: "threshold" },
  tiers: [
    { code: "top", zh: "顶级", en: "Top", min_score: 100 },
    { code: "standard", zh: "普通", en: "Standard", min_score: 0 },
  ],
  rules: [],
};

let t: TestEnv;
let smtp: SmtpCapture;
let config: AppConfig;
let producer: FlowProducer;
let workers: Workers | undefined;
let asOf: Date;

let world: OpsWorld | undefined;

beforeAll(async () => {
  world = await createOpsWorld("ops_backfill", { seed: 9, overrides: ONE_TIER });
  ({ t, smtp, config, producer } = world);
  asOf = new Date(world.anchor.getTime() + 2 * 3600_000);
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await world?.close();
});

const deps = () => ({ db: t.db, config, producer });
const opts = (from: string, to: string, reprocess: Reprocess, dryRun = false) => ({
  from,
  to,
  reprocess,
  dryRun,
  now: () => asOf,
  actor: "erin",
  pollMs: 200,
  timeoutMs: 90_000,
});

async function fixture(runId: string, quarter: string, status: string, createdAt: string): Promise<void> {
  await createRun(t.db, { runId, quarter, trigger: "manual", params: {}, configHash: "x", asOf });
  await t
    .db("etl.runs")
    .where({ run_id: runId })
    .update({ status, created_at: new Date(createdAt) });
}

describe("backfill plans (dry run)", () => {
  it("selects missing, failed and all quarters by policy, and starts nothing", async () => {
    await fixture("2025Q1-manual-ok", "2025Q1", "succeeded", "2025-04-02");
    await fixture("2025Q2-manual-old", "2025Q2", "succeeded", "2025-07-02");
    await fixture("2025Q2-manual-bad", "2025Q2", "failed", "2025-07-09"); // the latest decides
    await fixture("2025Q4-manual-stop", "2025Q4", "cancelled", "2026-01-02");
    const picked = async (reprocess: Reprocess) =>
      (await backfill(deps(), opts("2025Q1", "2025Q4", reprocess, true))).plan
        .filter((p) => p.action === "run")
        .map((p) => p.quarter);
    expect(await picked("missing")).toEqual(["2025Q3", "2025Q4"]);
    expect(await picked("failed")).toEqual(["2025Q2", "2025Q3", "2025Q4"]);
    expect(await picked("all")).toEqual(["2025Q1", "2025Q2", "2025Q3", "2025Q4"]);
    const plan = (await backfill(deps(), opts("2025Q1", "2025Q4", "failed", true))).plan;
    expect(plan.map((p) => [p.quarter, p.state, p.latestRunId])).toEqual([
      ["2025Q1", "succeeded", "2025Q1-manual-ok"],
      ["2025Q2", "failed", "2025Q2-manual-bad"],
      ["2025Q3", "missing", null],
      ["2025Q4", "missing", null],
    ]);
    expect(await t.db("etl.runs").count().first()).toEqual({ count: "4" });
    const extract = new Queue("stage-extract", {
      connection: producerConnection(config.env.redisUrl),
      prefix: t.queuePrefix,
    });
    expect(await extract.count()).toBe(0);
    await extract.close();
  });

  it("refuses to run past a quarter with an active run, and rejects a reversed range", async () => {
    await fixture("2024Q4-manual-busy", "2024Q4", "running", "2025-01-02");
    const plan = (await backfill(deps(), opts("2024Q4", "2025Q1", "all", true))).plan;
    expect(plan[0]).toMatchObject({ quarter: "2024Q4", state: "active", action: "skip" });
    await expect(backfill(deps(), opts("2024Q4", "2025Q1", "all"))).rejects.toThrow(
      /active run 2024Q4-manual-busy/,
    );
    expect(() => quarterRange("2025Q3", "2025Q1")).toThrow(/after/);
  });
});

describe("backfill runs", () => {
  it("runs each selected quarter in order, one at a time, and skips them the next time", async () => {
    workers = startWorkers({ db: t.db, config, log: t.log });
    const r = await backfill(deps(), opts("2026Q2", "2026Q3", "missing"));
    expect(r.stoppedAt).toBeNull();
    expect(r.runs.map((x) => [x.quarter, x.status])).toEqual([
      ["2026Q2", "succeeded"],
      ["2026Q3", "succeeded"],
    ]);
    const [q2, q3] = await Promise.all(
      r.runs.map((x) => t.db("etl.runs").where({ run_id: x.runId }).first()),
    );
    expect(q2.trigger).toBe("backfill");
    expect(q2.params).toMatchObject({
      backfill: { from: "2026Q2", to: "2026Q3", reprocess: "missing", by: "erin" },
    });
    expect(new Date(q3.created_at).getTime()).toBeGreaterThanOrEqual(new Date(q2.finished_at).getTime());
    // 2026Q3 saw 2026Q2's tiers as its previous quarter: the order mattered.
    const withPrevious = await t
      .db("marts.fct_customer_quarter")
      .where({ quarter: "2026Q3" })
      .whereNotNull("previous_tier");
    expect(withPrevious.length).toBeGreaterThan(0);
    const again = await backfill(deps(), opts("2026Q2", "2026Q3", "missing"));
    expect(again.runs).toEqual([]);
  });

  it("stops at the first quarter whose run fails, leaving the later ones for the next backfill", async () => {
    await workers?.close();
    workers = startWorkers({
      db: t.db,
      config: t.config({
        env: { SMTP_URL: smtp.url },
        overrides: { ...ONE_TIER, clean: { max_reject_rate: 0 } },
      }),
      log: t.log,
    });
    const r = await backfill(deps(), opts("2026Q1", "2026Q3", "all"));
    expect(r.runs.map((x) => [x.quarter, x.status])).toEqual([["2026Q1", "failed"]]);
    expect(r.stoppedAt).toBe("2026Q1");
    const plan = (await backfill(deps(), opts("2026Q1", "2026Q3", "failed", true))).plan;
    expect(plan.map((p) => [p.quarter, p.action])).toEqual([
      ["2026Q1", "run"],
      ["2026Q2", "skip"],
      ["2026Q3", "skip"],
    ]);
  });
});
