// The scheduler on real Redis and Postgres: two schedulers firing together start one run (quarterly
// re-tier and nightly sync alike); a missed quarterly fire is caught up once; a failed cron run blocks
// no manual run; a sync and its quarter's re-tier do not block each other. The pure cron walk and fire
// plans are in test/unit/ops.
import { FlowProducer, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producerConnection } from "../../jobs/queues.js";
import { startRun } from "../../jobs/start-run.js";
import type { AppConfig } from "../../src/config/load.js";
import { quarterForFire, syncForFire } from "../../src/ops/schedule-plan.js";
import {
  catchUp,
  type FireOutcome,
  fireQuarterly,
  fireSync,
  startScheduler,
} from "../../src/ops/scheduler.js";
import { getStages } from "../../src/runs/ledger.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const TZ = "Asia/Shanghai";
const QUARTERLY = "0 2 1 1,4,7,10 *";
let t: TestEnv;
let config: AppConfig;
let producer: FlowProducer;

beforeAll(async () => {
  t = await createTestEnv("ops_sched");
  config = t.config({ overrides: { schedule: { retier: "* * * * * *", sync: "0 0 1 1 *" } } });
  producer = new FlowProducer({
    connection: producerConnection(config.env.redisUrl),
    prefix: config.env.queuePrefix,
  });
});

afterAll(async () => {
  await producer?.close();
  await t?.cleanup();
});

const deps = () => ({ db: t.db, config, producer, log: t.log });
const runsOf = (quarter: string, kind = "retier") =>
  t.db("etl.runs").where({ quarter, kind }).orderBy("created_at");

/** Ids of the jobs still waiting in a stage queue. */
async function waitingJobs(stage: string): Promise<string[]> {
  const q = new Queue(`stage-${stage}`, {
    connection: producerConnection(config.env.redisUrl),
    prefix: config.env.queuePrefix,
  });
  try {
    const jobs = await q.getJobs(["waiting", "active", "delayed", "waiting-children"]);
    return jobs.map((j) => j.id ?? "");
  } finally {
    await q.close();
  }
}

describe("two schedulers firing every second", () => {
  it("start exactly one run and one flow for the quarter", async () => {
    const outcomes: FireOutcome[] = [];
    const a = await startScheduler(deps(), { catchUp: false, onFire: (o) => outcomes.push(o) });
    const b = await startScheduler(deps(), { catchUp: false, onFire: (o) => outcomes.push(o) });
    await new Promise((r) => setTimeout(r, 2600));
    await a.stop();
    await b.stop();
    expect(outcomes.length).toBeGreaterThanOrEqual(4); // both fired, more than once
    const quarter = outcomes[0]!.quarter;
    expect(outcomes.filter((o) => o.started)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.started).every((o) => !o.started && o.reason === "exists")).toBe(true);
    const runs = await runsOf(quarter);
    expect(runs.map((r) => [r.run_id, r.trigger, r.status])).toEqual([[`${quarter}-cron`, "cron", "queued"]]);
    expect(await waitingJobs("extract")).toEqual([`${quarter}-cron__extract`]);
  });

  it("a failed cron run blocks no manual run, and the schedule does not start it again", async () => {
    const quarter = quarterForFire(new Date(), TZ);
    await t
      .db("etl.runs")
      .where({ run_id: `${quarter}-cron` })
      .update({ status: "failed", error: "boom" });
    const manual = await startRun(t.db, config, producer, { quarter, trigger: "manual", now: new Date() });
    expect(manual.started).toBe(true);
    const again = await fireQuarterly(deps(), new Date(), "cron");
    expect(again).toMatchObject({ started: false, reason: "exists" });
    expect((await runsOf(quarter)).map((r) => r.trigger)).toEqual(["cron", "manual"]);
  });
});

describe("catch-up of a missed quarterly fire", () => {
  const quarterly = () => t.config({ overrides: { schedule: { retier: QUARTERLY, sync: "30 1 * * *" } } });

  it("starts the missed quarter once, as of the fire time, however many schedulers start", async () => {
    const now = new Date("2025-10-03T00:00:00Z"); // two days after the 2025Q3 fire, scheduler was down
    const d = { ...deps(), config: quarterly() };
    const s1 = await startScheduler(d, { now: () => now });
    const s2 = await startScheduler(d, { now: () => now });
    const again = await catchUp(d, new Date("2025-10-05T00:00:00Z"));
    await s1.stop();
    await s2.stop();
    expect(again.decision).toMatchObject({ fire: false });
    const runs = await runsOf("2025Q3");
    expect(runs.map((r) => [r.run_id, r.trigger])).toEqual([["2025Q3-cron", "cron"]]);
    expect(new Date(runs[0].as_of_at).toISOString()).toBe("2025-09-30T18:00:00.000Z");
    expect(runs[0].params).toMatchObject({ fired_by: "catch-up" });
  });

  it("leaves a quarter alone when someone ran it after the fire, runs it when the only run was before", async () => {
    const d = { ...deps(), config: quarterly() };
    // 2025Q2: a manual run created now (after the 2025-07-01 fire) covers it.
    await startRun(t.db, config, producer, { quarter: "2025Q2", trigger: "manual", now: new Date() });
    await t.db("etl.runs").where({ quarter: "2025Q2" }).update({ status: "succeeded" });
    const covered = await catchUp(d, new Date("2025-07-02T00:00:00Z"));
    expect(covered.decision).toMatchObject({ fire: false });
    expect(covered.outcome).toBeUndefined();
    // 2025Q1: a run made in March, before the quarter ended, does not count.
    await startRun(t.db, config, producer, { quarter: "2025Q1", trigger: "manual", now: new Date() });
    await t
      .db("etl.runs")
      .where({ quarter: "2025Q1" })
      .update({ status: "succeeded", created_at: new Date("2025-03-20T00:00:00Z") });
    const missed = await catchUp(d, new Date("2025-04-02T00:00:00Z"));
    expect(missed.outcome).toMatchObject({ started: true, runId: "2025Q1-cron" });
  });
});

describe("the nightly sync", () => {
  const nightly = () => t.config({ overrides: { schedule: { retier: QUARTERLY, sync: "* * * * * *" } } });

  it("fired by two schedulers every second: one sync run, extract → clean, mode incremental", async () => {
    const outcomes: FireOutcome[] = [];
    const d = { ...deps(), config: nightly() };
    const a = await startScheduler(d, { catchUp: false, onFire: (o) => outcomes.push(o) });
    const b = await startScheduler(d, { catchUp: false, onFire: (o) => outcomes.push(o) });
    await new Promise((r) => setTimeout(r, 2600));
    await a.stop();
    await b.stop();
    expect(outcomes.length).toBeGreaterThanOrEqual(4);
    expect(outcomes.every((o) => o.kind === "sync")).toBe(true);
    const [started, ...more] = outcomes.filter((o) => o.started);
    expect(more).toEqual([]);
    // The other scheduler's fire of that second found the run taken; later fires found it still queued.
    for (const o of outcomes)
      if (!o.started) expect(o.reason, o.runId).toBe(o.runId === started!.runId ? "exists" : "active");
    const syncs = await runsOf(started!.quarter, "sync");
    expect(syncs.map((r) => [r.run_id, r.trigger, r.status])).toEqual([[started!.runId, "cron", "queued"]]);
    expect(syncs[0].params).toMatchObject({ mode: "incremental", fired_by: "cron" });
    expect((await getStages(t.db, started!.runId)).map((s) => s.stage)).toEqual(["extract", "clean"]);
    // Its flow is extract → clean: nothing of it waits in the later stages' queues.
    const id = started!.runId;
    expect((await waitingJobs("extract")).filter((j) => j.startsWith(id))).toEqual([`${id}__extract`]);
    expect((await waitingJobs("clean")).filter((j) => j.startsWith(id))).toEqual([`${id}__clean`]);
    for (const stage of ["dedupe", "features", "tier", "load", "report", "email"])
      expect(
        (await waitingJobs(stage)).filter((j) => j.includes("-sync-")),
        stage,
      ).toEqual([]);
  });

  it("two schedulers firing the same night at once record one sync for it", async () => {
    const fireAt = new Date("2024-05-20T17:30:00Z"); // 01:30 on 21 May in Shanghai
    const d = deps();
    const both = await Promise.all([fireSync(d, fireAt), fireSync(d, fireAt)]);
    expect(both.map((o) => (o.started ? "started" : o.reason)).sort()).toEqual(["exists", "started"]);
    const runs = await runsOf("2024Q2", "sync");
    expect(runs.map((r) => r.run_id)).toEqual([syncForFire(fireAt, TZ).runId]);
    expect(new Date(runs[0].as_of_at).toISOString()).toBe(fireAt.toISOString());
  });

  it("neither blocks nor is blocked by the re-tier of its quarter", async () => {
    // 2024Q2 has an active sync (above): its re-tier starts all the same.
    const retier = await startRun(t.db, config, producer, {
      quarter: "2024Q2",
      trigger: "manual",
      now: new Date(),
    });
    expect(retier.started).toBe(true);
    // 2024Q1 has an active re-tier: its nightly sync starts all the same.
    await startRun(t.db, config, producer, { quarter: "2024Q1", trigger: "manual", now: new Date() });
    const sync = await fireSync(deps(), new Date("2024-02-10T17:30:00Z"));
    expect(sync).toMatchObject({ kind: "sync", quarter: "2024Q1", started: true });
    for (const quarter of ["2024Q1", "2024Q2"]) {
      const active = await t
        .db("etl.runs")
        .where({ quarter })
        .whereIn("status", ["queued", "running"])
        .orderBy("kind")
        .select("kind");
      expect(
        active.map((r) => r.kind),
        quarter,
      ).toEqual(["retier", "sync"]);
    }
  });

  it("does not count as its quarter's re-tier when a missed quarterly fire is caught up", async () => {
    // A 2024Q3 sync recorded (now) after the 2024-10-01 fire: the quarter was still never re-tiered.
    expect(await fireSync(deps(), new Date("2024-09-20T17:30:00Z"))).toMatchObject({ started: true });
    const quarterly = t.config({ overrides: { schedule: { retier: QUARTERLY, sync: "30 1 * * *" } } });
    const missed = await catchUp({ ...deps(), config: quarterly }, new Date("2024-10-02T00:00:00Z"));
    expect(missed.outcome).toMatchObject({ started: true, runId: "2024Q3-cron" });
  });
});
