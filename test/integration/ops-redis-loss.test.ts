// Redis losing a run's data mid-run (its keys deleted, as a flush or a restart without persistence
// would) does not lose the run: `retry` rebuilds the remaining flow from the ledger and it finishes.
import { FlowProducer } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import type { StageQueues } from "../../src/ops/flow-jobs.js";
import { retryRun } from "../../src/ops/run-control.js";
import { getRun, getStages } from "../../src/runs/ledger.js";
import { STAGES } from "../../src/runs/quarter.js";
import { waitForRun } from "../../src/runs/wait.js";
import { REDIS_URL, type TestEnv } from "../helpers/env.js";
import { createOpsWorld, type OpsWorld } from "../helpers/ops-world.js";
import type { SmtpCapture } from "../helpers/smtp.js";

const QUARTER = "2026Q3";
let t: TestEnv;
let smtp: SmtpCapture;
let config: AppConfig;
let producer: FlowProducer;
let queues: { queues: StageQueues; close(): Promise<void> };
let workers: Workers;
let anchor: Date;

let world: OpsWorld | undefined;

beforeAll(async () => {
  world = await createOpsWorld("ops_redis", { seed: 5, quarter: QUARTER });
  ({ t, smtp, config, producer, queues, anchor } = world);
  workers = startWorkers({ db: t.db, config, log: t.log });
}, 120_000);

afterAll(async () => {
  await workers?.close();
  await world?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deleteQueueKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    return keys.length;
  } finally {
    await redis.quit();
  }
}

/** Polls until no stage is running and nothing changed for `quietMs` (the in-flight stage ended). */
async function untilQuiet(runId: string, quietMs = 1500): Promise<string[]> {
  let last = "";
  let since = Date.now();
  for (const end = Date.now() + 60_000; Date.now() < end; await sleep(100)) {
    const now = (await getStages(t.db, runId)).map((s) => `${s.stage}:${s.status}`);
    const key = now.join(",");
    if (key !== last) [last, since] = [key, Date.now()];
    else if (!key.includes(":running") && Date.now() - since >= quietMs) return now;
  }
  throw new Error(`run ${runId} never settled: ${last}`);
}

describe("Redis loses the run's data mid-run", () => {
  it("leaves the run stuck, and retry rebuilds the rest of the flow from the ledger", async () => {
    const started = await startRun(t.db, config, producer, {
      quarter: QUARTER,
      trigger: "manual",
      now: new Date(anchor.getTime() + 2 * 3600_000),
    });
    if (!started.started) throw new Error("run did not start");
    const { runId } = started;
    for (const end = Date.now() + 60_000; Date.now() < end; await sleep(20)) {
      const extract = (await getStages(t.db, runId))[0]!;
      if (extract.status === "succeeded") break;
    }
    expect(await deleteQueueKeys(t.queuePrefix)).toBeGreaterThan(0);

    const settled = await untilQuiet(runId);
    expect((await getRun(t.db, runId))!.status).toBe("running"); // stuck: nothing left to move it
    const done = settled.filter((s) => s.endsWith(":succeeded")).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(STAGES.length);

    const r = await retryRun({ db: t.db, producer, queues: queues.queues }, runId, { actor: "ops" });
    expect(r.from).toBe(STAGES[done]);
    const run = await waitForRun(t.db, runId, () => undefined, { pollMs: 200, timeoutMs: 90_000 });
    expect(run.status).toBe("succeeded");
    const stages = await getStages(t.db, runId);
    expect(stages.every((s) => s.status === "succeeded")).toBe(true);
    // Stages that had finished before the loss were not run again.
    for (const s of stages.slice(0, done)) expect(s.attempts, s.stage).toBe(1);
    const to = smtp.messages.flatMap((m) => m.envelopeTo).sort();
    expect(to).toEqual([...config.report.recipients].sort());
    const facts = await t.db("marts.fct_customer_quarter").where({ quarter: QUARTER, run_id: runId }).count();
    expect(Number(facts[0]!.count)).toBeGreaterThan(0);
  });
});
