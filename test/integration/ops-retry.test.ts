// Retry, rerun, alerts, cancel and stage marks on real BullMQ, Postgres, MariaDB and SMTP: a run that
// failed at a stage finishes after `retry` with the fixed config, reusing earlier stages, mailing once.
import { FlowProducer } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import { liveJob, type StageQueues } from "../../src/ops/flow-jobs.js";
import { cancelRun, type ControlDeps, markStage, rerunRun, retryRun } from "../../src/ops/run-control.js";
import { createRun, getStages } from "../../src/runs/ledger.js";
import { STAGES } from "../../src/runs/quarter.js";
import { listEvents } from "../../src/runs/run-events.js";
import { waitForRun } from "../../src/runs/wait.js";
import type { TestEnv } from "../helpers/env.js";
import { createOpsWorld, type OpsWorld } from "../helpers/ops-world.js";
import type { SmtpCapture } from "../helpers/smtp.js";

const QUARTER = "2026Q3";
const ENGINEER = { actor: "alice", reason: "test" };
let t: TestEnv;
let smtp: SmtpCapture;
let good: AppConfig;
let producer: FlowProducer;
let queues: { queues: StageQueues; close(): Promise<void> };
let workers: Workers | undefined;
let asOf: Date;

let world: OpsWorld | undefined;

beforeAll(async () => {
  world = await createOpsWorld("ops_retry", { seed: 11, quarter: QUARTER });
  ({ t, smtp, config: good, producer, queues } = world);
  asOf = new Date(world.anchor.getTime() + 2 * 3600_000);
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await world?.close();
});

const control = (): ControlDeps => ({ db: t.db, producer, queues: queues.queues });

async function useWorkers(config: AppConfig): Promise<void> {
  await workers?.close();
  workers = startWorkers({ db: t.db, config, log: t.log });
}

async function start(config: AppConfig, quarter = QUARTER): Promise<string> {
  const r = await startRun(t.db, config, producer, { quarter, trigger: "manual", now: asOf });
  if (!r.started) throw new Error(`not started: ${r.activeRunId}`);
  return r.runId;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 50));
}

const finish = (runId: string) =>
  waitForRun(t.db, runId, () => undefined, { pollMs: 200, timeoutMs: 90_000 });
const statuses = async (runId: string) => (await getStages(t.db, runId)).map((s) => `${s.stage}:${s.status}`);
const mailsOf = (runId: string) =>
  smtp.messages.filter((m) => m.parsed.messageId?.includes(`retier.${runId}.`));
const alertsOf = (runId: string) =>
  smtp.messages.filter((m) => m.parsed.messageId?.includes(`alert-${runId}-`));

describe("retry", () => {
  it("finishes a run that failed at the email stage once SMTP is reachable, sending one mail each", async () => {
    await useWorkers(t.config({ env: { SMTP_URL: "smtp://127.0.0.1:1" } })); // nothing listens on port 1
    const runId = await start(good);
    const failed = await finish(runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^email: /);
    const before = await getStages(t.db, runId);
    expect(before.find((s) => s.stage === "email")).toMatchObject({ status: "failed", attempts: 3 });

    await useWorkers(good);
    const r = await retryRun(control(), runId, ENGINEER);
    expect(r).toMatchObject({
      from: "email",
      attempt: 1,
      reset: ["email"],
      firstJobId: `${runId}__email__a1`,
    });
    expect((await finish(runId)).status).toBe("succeeded");
    const after = await getStages(t.db, runId);
    // Earlier stages were reused, not run again.
    for (const s of after.filter((x) => x.stage !== "email"))
      expect(s.attempts, s.stage).toBe(before.find((b) => b.stage === s.stage)!.attempts);
    expect(after.find((s) => s.stage === "email")).toMatchObject({ status: "succeeded", attempts: 4 });
    const to = mailsOf(runId).flatMap((m) => m.envelopeTo);
    expect(to.sort()).toEqual([...good.report.recipients].sort());
    const events = await listEvents(t.db, runId);
    expect(events.map((e) => [e.event, e.stage, e.actor])).toEqual([["retry", "email", "alice"]]);
  });

  it("alerts the data engineers when a bad config fails a stage, and retry finishes the run", async () => {
    await useWorkers(t.config({ env: { SMTP_URL: smtp.url }, overrides: { clean: { max_reject_rate: 0 } } }));
    const runId = await start(good);
    const failed = await finish(runId);
    expect(failed.error).toMatch(/^clean: /);
    // The ledger says failed first; the alert follows from the same job.
    await until(() => alertsOf(runId).length > 0);
    const alerts = alertsOf(runId);
    expect(alerts.map((m) => m.envelopeTo)).toEqual([good.alerts!.recipients]);
    const body = alerts[0]!.parsed.text ?? "";
    expect(alerts[0]!.parsed.subject).toBe(`[retier] run ${runId} failed at clean (${QUARTER})`);
    expect(body).toContain(`npx retier retry ${runId}`);
    expect(body).toContain(failed.error!.replace(/^clean: /, ""));

    await useWorkers(good);
    await retryRun(control(), runId, ENGINEER);
    expect((await finish(runId)).status).toBe("succeeded");
    expect(await statuses(runId)).toEqual(STAGES.map((s) => `${s}:succeeded`));
    expect(mailsOf(runId)).toHaveLength(good.report.recipients.length);
    expect(alertsOf(runId)).toHaveLength(1);
    await expect(retryRun(control(), runId, ENGINEER)).rejects.toThrow(/succeeded: nothing to retry/);
  });
});

describe("rerun", () => {
  it("runs the chosen stage and every later one again, with fresh job ids and the same results", async () => {
    await useWorkers(good);
    const [{ run_id: runId }] = await t
      .db("etl.runs")
      .where({ status: "succeeded" })
      .orderBy("created_at", "desc");
    const tiersOf = async () =>
      (await t.db("marts.fct_customer_quarter").where({ quarter: QUARTER }).orderBy("customer_id")).map(
        (f) => [f.customer_id, f.final_tier, String(f.score)],
      );
    const published = await tiersOf();
    const before = await getStages(t.db, runId);
    const mails = smtp.messages.length;
    const r = await rerunRun(control(), runId, "tier", { actor: "bob", reason: "new rule" });
    expect(r.reset).toEqual(["tier", "load", "report", "email"]);
    expect((await finish(runId)).status).toBe("succeeded");
    const after = await getStages(t.db, runId);
    for (const s of after) {
      const b = before.find((x) => x.stage === s.stage)!;
      const rerun = r.reset.includes(s.stage);
      expect(s.attempts, s.stage).toBe(rerun ? b.attempts + 1 : b.attempts);
      if (rerun) expect(s.job_id).toBe(`${runId}__${s.stage}__a${r.attempt}`);
    }
    expect(await tiersOf()).toEqual(published);
    expect(smtp.messages.length).toBe(mails); // the outbox already holds this run's mails
  });
});

describe("cancel and stage marks", () => {
  it("refuses to retry a run still in progress, cancels it, and its quarter can start again", async () => {
    await workers?.close();
    workers = undefined;
    const runId = await start(good, "2026Q2"); // no worker: the flow waits in Redis
    await expect(retryRun(control(), runId, ENGINEER)).rejects.toThrow(/still in progress/);
    const r = await cancelRun(control(), runId, { actor: "carol", reason: "wrong quarter" });
    expect(r).toEqual({ removedJobs: true, running: null });
    expect(await liveJob(queues.queues, runId, 0)).toBeNull();
    const run = await t.db("etl.runs").where({ run_id: runId }).first();
    expect(run).toMatchObject({ status: "cancelled", error: "cancelled by carol: wrong quarter" });
    await expect(start(good, "2026Q2")).resolves.toMatch(/^2026Q2-manual-/);
  });

  it("marks a stage by hand with who and why, and a mark that completes a failed run makes it succeed", async () => {
    const runId = "2024Q4-manual-marked";
    await createRun(t.db, { runId, quarter: "2024Q4", trigger: "manual", params: {}, configHash: "x", asOf });
    await t.db("etl.stage_runs").where({ run_id: runId }).update({ status: "succeeded" });
    await t
      .db("etl.stage_runs")
      .where({ run_id: runId, stage: "email" })
      .update({ status: "failed", error: "550" });
    await t.db("etl.runs").where({ run_id: runId }).update({ status: "failed", error: "email: 550" });
    const who = { actor: "dave", at: new Date("2026-11-25T10:00:00Z") };
    await expect(markStage(t.db, runId, "email", "skipped", { ...who, reason: " " })).rejects.toThrow(
      /reason/,
    );
    const r = await markStage(t.db, runId, "email", "skipped", { ...who, reason: "finance got it by hand" });
    expect(r.runSucceeded).toBe(true);
    const email = (await getStages(t.db, runId)).find((s) => s.stage === "email")!;
    expect(email.status).toBe("skipped");
    expect(email.details.marked).toEqual({
      status: "skipped",
      by: "dave",
      reason: "finance got it by hand",
      at: "2026-11-25T10:00:00.000Z",
      previous: "failed",
    });
    expect((await t.db("etl.runs").where({ run_id: runId }).first()).status).toBe("succeeded");
    const [event] = await listEvents(t.db, runId);
    expect(event).toMatchObject({
      event: "stage_mark",
      stage: "email",
      actor: "dave",
      reason: "finance got it by hand",
    });
  });
});
