// The scheduler on real Redis and Postgres: two schedulers firing together start one run; a missed
// quarterly fire is caught up once; a failed cron run blocks no manual run. Plus the pure cron walk.
import { FlowProducer, Queue } from "bullmq";
import { createTask } from "node-cron";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producerConnection } from "../../jobs/queues.js";
import { startRun } from "../../jobs/start-run.js";
import type { AppConfig } from "../../src/config/load.js";
import { nextFires, parseCron, previousFire } from "../../src/ops/cron.js";
import { catchUpDecision, quarterForFire } from "../../src/ops/schedule-plan.js";
import {
  catchUp,
  type FireOutcome,
  fireQuarterly,
  listSchedule,
  startScheduler,
} from "../../src/ops/scheduler.js";
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
const runsOf = (quarter: string) => t.db("etl.runs").where({ quarter }).orderBy("created_at");

describe("cron arithmetic (pure)", () => {
  it("finds the same next fires as node-cron, in the configured zone", () => {
    const from = new Date("2026-11-25T13:00:00Z");
    for (const [expr, tz] of [
      [QUARTERLY, TZ],
      ["30 1 * * *", TZ],
      ["15 */6 * * 1-5", "Europe/Berlin"],
      ["0 9 1 * *", "America/New_York"],
    ] as const) {
      const task = createTask(expr, () => undefined, { timezone: tz });
      try {
        expect(nextFires(parseCron(expr), from, tz, 5), expr).toEqual(task.getNextRuns(5));
      } finally {
        void task.destroy();
      }
    }
  });

  it("finds the latest quarterly fire and the quarter it re-tiers", () => {
    const f = parseCron(QUARTERLY);
    const fire = previousFire(f, new Date("2026-11-25T13:00:00Z"), TZ)!;
    expect(fire.toISOString()).toBe("2026-09-30T18:00:00.000Z"); // 02:00 on 1 October in Shanghai
    expect(quarterForFire(fire, TZ)).toBe("2026Q3");
    expect(previousFire(f, fire, TZ)).toEqual(fire); // at the fire instant, it is the latest one
    expect(previousFire(f, new Date(fire.getTime() - 1000), TZ)!.toISOString()).toBe(
      "2026-06-30T18:00:00.000Z",
    );
    expect(quarterForFire(new Date("2026-12-31T18:00:00Z"), TZ)).toBe("2026Q4");
  });

  it("decides a catch-up from the ledger rows alone", () => {
    const fire = new Date("2026-09-30T18:00:00Z");
    const before = new Date("2026-09-15T00:00:00Z");
    const after = new Date("2026-10-02T00:00:00Z");
    expect(catchUpDecision(fire, TZ, [])).toMatchObject({
      fire: true,
      quarter: "2026Q3",
      runId: "2026Q3-cron",
    });
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "succeeded", created_at: before }]).fire).toBe(
      true,
    );
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "cancelled", created_at: after }]).fire).toBe(
      true,
    );
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "failed", created_at: after }]).fire).toBe(
      false,
    );
    expect(
      catchUpDecision(fire, TZ, [{ run_id: "2026Q3-cron", status: "failed", created_at: after }]).fire,
    ).toBe(false);
  });

  it("lists the next fires of both schedules", () => {
    const [retier, sync] = listSchedule(t.config(), new Date("2026-11-25T13:00:00Z"), 2);
    expect(retier!.fires.map((f) => [f.local, f.retiers])).toEqual([
      ["2027-01-01 02:00:00", "2026Q4"],
      ["2027-04-01 02:00:00", "2027Q1"],
    ]);
    expect(sync!.fires[0]!.local).toBe("2026-11-26 01:30:00");
  });
});

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
    const extract = new Queue("stage-extract", {
      connection: producerConnection(config.env.redisUrl),
      prefix: config.env.queuePrefix,
    });
    try {
      const jobs = await extract.getJobs(["waiting", "active", "delayed", "waiting-children"]);
      expect(jobs.map((j) => j.id)).toEqual([`${quarter}-cron__extract`]);
    } finally {
      await extract.close();
    }
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
