// The nightly incremental sync through real BullMQ workers, Postgres, MariaDB and SMTP: after the
// quarter's full re-tier, a sync extracts only what changed and cleans it, beside a re-tier of its own
// quarter; it publishes nothing and mails no one; retry and rerun rebuild its own two-stage flow.
import { FlowProducer } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import type { StageQueues } from "../../src/ops/flow-jobs.js";
import { type ControlDeps, rerunRun, retryRun } from "../../src/ops/run-control.js";
import { fireSync } from "../../src/ops/scheduler.js";
import { getRun, getStages } from "../../src/runs/ledger.js";
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
let anchor: Date;

let world: OpsWorld | undefined;

beforeAll(async () => {
  world = await createOpsWorld("ops_sync", { seed: 5, quarter: QUARTER });
  ({ t, smtp, config: good, producer, queues, anchor } = world); // anchor: 2026-10-01 00:00 in Shanghai
  workers = startWorkers({ db: t.db, config: good, log: t.log });
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await world?.close();
});

const hours = (n: number) => new Date(anchor.getTime() + n * 3600_000);
const deps = () => ({ db: t.db, config: good, producer, log: t.log });
const control = (): ControlDeps => ({ db: t.db, producer, queues: queues.queues });
const finish = (runId: string) =>
  waitForRun(t.db, runId, () => undefined, { pollMs: 200, timeoutMs: 90_000 });
const mailsOf = (runId: string) => smtp.messages.filter((m) => m.parsed.messageId?.includes(runId));
const countWhere = async (table: string, where: Record<string, string>) =>
  Number((await t.db(table).where(where).count({ n: "*" }))[0]!.n);

async function useWorkers(config: AppConfig): Promise<void> {
  await workers?.close();
  workers = startWorkers({ db: t.db, config, log: t.log });
}

async function startRetier(quarter: string, now: Date): Promise<string> {
  const r = await startRun(t.db, good, producer, { quarter, trigger: "manual", now });
  if (!r.started) throw new Error(`not started: ${r.activeRunId}`);
  return r.runId;
}

async function startSync(fireAt: Date): Promise<string> {
  const o = await fireSync(deps(), fireAt);
  if (!o.started) throw new Error(`sync not started: ${o.reason} ${o.activeRunId}`);
  return o.runId;
}

describe("a nightly sync through a real worker", () => {
  let q3: string;
  let sync: string;
  let q4: string;

  it("after the full re-tier, extracts only the changed rows and cleans them, beside its quarter's re-tier", async () => {
    q3 = await startRetier(QUARTER, hours(2));
    const first = await finish(q3);
    expect(first.error ?? first.status).toBe("succeeded");
    // During the first day of the new quarter, the ERP edits three customers.
    const erp = new pg.Client({ connectionString: t.erpUrl });
    await erp.connect();
    try {
      await erp.query(
        `UPDATE erp.customers SET phone = '13900000' || right(id, 3), updated_at = $1
                       WHERE id IN ('E0000010', 'E0000020', 'E0000030')`,
        [hours(12)],
      );
    } finally {
      await erp.end();
    }
    // 01:30 on 2 October in Shanghai: a 2026Q4 sync; the 2026Q4 re-tier starts while it is queued.
    await workers?.close();
    sync = await startSync(hours(25.5));
    q4 = await startRetier("2026Q4", hours(26));
    const active = await t.db("etl.runs").whereIn("run_id", [sync, q4]).select("status");
    expect(active.map((r) => r.status)).toEqual(["queued", "queued"]);
    await useWorkers(good);
    const [s, r] = await Promise.all([finish(sync), finish(q4)]);
    expect([s.status, r.status]).toEqual(["succeeded", "succeeded"]);

    expect(s).toMatchObject({ kind: "sync", quarter: "2026Q4", trigger: "cron" });
    const stages = await getStages(t.db, sync);
    expect(stages.map((x) => [x.stage, x.status])).toEqual([
      ["extract", "succeeded"],
      ["clean", "succeeded"],
    ]);
    const customers = await t.db("etl.extract_watermarks").where({ run_id: sync, entity: "customer" });
    expect(customers.map((w) => [w.source, w.mode, w.base_run_id]).sort()).toEqual([
      ["crm", "incremental", q3],
      ["erp", "incremental", q3],
    ]);
    const erpRead = customers.find((w) => w.source === "erp")!;
    expect(Number(erpRead.rows_read)).toBeGreaterThanOrEqual(3);
    expect(Number(erpRead.rows_read)).toBeLessThan(Number(erpRead.rows_total));
    // Cleaned: every staged row accepted or rejected, the edits in core.
    for (const c of await t.db("etl.source_counts").where({ run_id: sync }))
      expect(Number(c.extracted), `${c.source}.${c.entity}`).toBe(Number(c.accepted) + Number(c.rejected));
    const edited = await t
      .db("core.int_customers")
      .where({ run_id: sync, source: "erp", source_key: "E0000020" })
      .first("phone_e164");
    expect(edited?.phone_e164).toBe("+8613900000020");
  });

  it("publishes nothing and mails no one, while the re-tier of its quarter mails finance", async () => {
    expect(await countWhere("marts.fct_customer_quarter", { run_id: sync })).toBe(0);
    expect(await countWhere("marts.published_quarters", { run_id: sync })).toBe(0);
    expect(await countWhere("core.customer_tiers", { run_id: sync })).toBe(0);
    expect(await countWhere("etl.report_files", { run_id: sync })).toBe(0);
    expect(await countWhere("etl.email_outbox", { run_id: sync })).toBe(0);
    expect(mailsOf(sync)).toEqual([]);
    expect(
      mailsOf(q4)
        .flatMap((m) => m.envelopeTo)
        .sort(),
    ).toEqual([...good.report.recipients].sort());
    expect(await countWhere("marts.published_quarters", { quarter: "2026Q4", run_id: q4 })).toBe(1);
  });

  it("retries a failed sync from its failed stage and reruns it as extract → clean only", async () => {
    await useWorkers(t.config({ env: { SMTP_URL: smtp.url }, overrides: { clean: { max_reject_rate: 0 } } }));
    const night = await startSync(hours(49.5));
    const failed = await finish(night);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^clean: /);
    // Only the data engineers hear of it.
    const alerted = mailsOf(night).flatMap((m) => m.envelopeTo);
    expect(alerted.every((to) => good.alerts!.recipients.includes(to))).toBe(true);

    await useWorkers(good);
    const retry = await retryRun(control(), night, ENGINEER);
    expect(retry).toMatchObject({ from: "clean", reset: ["clean"], firstJobId: `${night}__clean__a1` });
    expect((await finish(night)).status).toBe("succeeded");
    const afterRetry = await getStages(t.db, night);
    expect(afterRetry.map((s) => [s.stage, s.status, s.attempts])).toEqual([
      ["extract", "succeeded", 1],
      ["clean", "succeeded", 2],
    ]);

    const rerun = await rerunRun(control(), night, "extract", ENGINEER);
    expect(rerun.reset).toEqual(["extract", "clean"]);
    expect((await finish(night)).status).toBe("succeeded");
    const afterRerun = await getStages(t.db, night);
    expect(afterRerun.map((s) => s.job_id)).toEqual([`${night}__extract__a2`, `${night}__clean__a2`]);
    await expect(rerunRun(control(), night, "tier", ENGINEER)).rejects.toThrow(/has no stage tier/);
    expect(await countWhere("etl.email_outbox", { run_id: night })).toBe(0);
    expect((await getRun(t.db, night))?.params).toMatchObject({ mode: "incremental" });
  });
});
