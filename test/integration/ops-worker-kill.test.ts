// Worker processes stopped mid-stage: SIGKILL'd, the stage is picked up again by another worker
// (stalled-job recovery) and the run ends with the same published tiers and one mail per recipient;
// SIGTERM'd (`retier worker`), the current stage finishes and the process exits cleanly; lost more
// often than allowed, the run fails with an alert and `retry` finishes it.
import { type ChildProcess, spawn } from "node:child_process";
import { FlowProducer } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "../../jobs/start-run.js";
import { openStageQueues } from "../../src/ops/flow-jobs.js";
import { retryRun } from "../../src/ops/run-control.js";
import { startWorkers, type Workers } from "../../jobs/worker.js";
import type { AppConfig } from "../../src/config/load.js";
import { PROJECT_ROOT } from "../../src/config/load.js";
import { getStages, type StageRow } from "../../src/runs/ledger.js";
import { waitForRun } from "../../src/runs/wait.js";
import type { TestEnv } from "../helpers/env.js";
import { createOpsWorld, type OpsWorld } from "../helpers/ops-world.js";
import type { SmtpCapture } from "../helpers/smtp.js";

const QUARTER = "2026Q3";
// Short locks so a killed worker's job is seen as stalled in seconds rather than minutes.
const QUICK = { lockDurationMs: 2000, stalledIntervalMs: 1000 };
const childWorker = (opts: object) => `
import { loadConfig } from "./src/config/load.ts";
import { connectWarehouse } from "./src/db/warehouse.ts";
import { createLogger } from "./src/log.ts";
import { startWorkers } from "./jobs/worker.ts";
const config = loadConfig({ path: "config/demo.yaml" });
startWorkers({ db: connectWarehouse(config.env.warehouseUrl), config, log: createLogger({ level: "warn", json: true }) },
  ${JSON.stringify(opts)});
console.log("ready");
`;

let t: TestEnv;
let smtp: SmtpCapture;
let config: AppConfig;
let producer: FlowProducer;
let workers: Workers | undefined;
let asOf: Date;
const children: ChildProcess[] = [];

let world: OpsWorld | undefined;

beforeAll(async () => {
  world = await createOpsWorld("ops_kill", { seed: 3, quarter: QUARTER });
  ({ t, smtp, config, producer } = world);
  asOf = new Date(world.anchor.getTime() + 2 * 3600_000);
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await workers?.close();
  await world?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnChild(args: string[]): {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...t.env,
      SMTP_URL: smtp.url,
      RETIER_CONFIG: "config/demo.yaml",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    const seen = (b: Buffer) => {
      out += b.toString();
      if (/ready|workers started/.test(out)) resolve();
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", seen);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited };
}

async function start(): Promise<string> {
  const r = await startRun(t.db, config, producer, { quarter: QUARTER, trigger: "manual", now: asOf });
  if (!r.started) throw new Error("run did not start");
  return r.runId;
}

/** Polls the ledger until one of `stages` is running, and returns that stage. */
async function untilRunning(runId: string, stages: string[]): Promise<StageRow> {
  for (const end = Date.now() + 60_000; Date.now() < end; await sleep(10)) {
    const s = (await getStages(t.db, runId)).find((x) => x.status === "running" && stages.includes(x.stage));
    if (s) return s;
  }
  throw new Error(`none of ${stages.join(", ")} ran`);
}

const finish = (runId: string) =>
  waitForRun(t.db, runId, () => undefined, { pollMs: 200, timeoutMs: 90_000 });
const published = async () =>
  (await t.db("marts.fct_customer_quarter").where({ quarter: QUARTER }).orderBy("customer_id")).map(
    (f) => `${f.customer_id}:${f.final_tier}:${f.score}:${f.revenue_cny}`,
  );
const alertsOf = (runId: string) =>
  smtp.messages.filter((m) => m.parsed.messageId?.includes(`alert-${runId}-`));
const mailsOf = (runId: string) =>
  smtp.messages.filter((m) => m.parsed.messageId?.includes(`retier.${runId}.`)).flatMap((m) => m.envelopeTo);

describe("a worker killed with SIGKILL mid-stage", () => {
  it("is replaced by another whose stalled-job recovery finishes the run with the same results", async () => {
    workers = startWorkers({ db: t.db, config, log: t.log }, QUICK);
    const baseline = await start();
    expect((await finish(baseline)).status).toBe("succeeded");
    const expected = await published();
    await workers.close();
    workers = undefined;

    const a = spawnChild(["--input-type=module", "-e", childWorker(QUICK)]);
    await a.ready;
    const runId = await start();
    const killed = await untilRunning(runId, ["clean", "dedupe", "features", "tier", "load", "report"]);
    a.child.kill("SIGKILL");
    await a.exited;
    expect((await getStages(t.db, runId)).find((s) => s.stage === killed.stage)!.status).toBe("running");

    workers = startWorkers({ db: t.db, config, log: t.log }, QUICK);
    expect((await finish(runId)).status).toBe("succeeded");
    const after = (await getStages(t.db, runId)).find((s) => s.stage === killed.stage)!;
    expect(after.attempts, `${killed.stage} ran again`).toBe(2);
    expect(await published()).toEqual(expected);
    expect(mailsOf(runId).sort()).toEqual([...config.report.recipients].sort());
    await workers.close();
    workers = undefined;
  });
});

describe("`retier worker` sent SIGTERM mid-stage", () => {
  it("finishes the current stage, starts no other, and exits with code 0", async () => {
    const w = spawnChild(["src/cli/main.ts", "worker"]);
    await w.ready;
    const runId = await start();
    const current = await untilRunning(runId, ["clean", "dedupe", "features", "tier"]);
    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);
    const stages = await getStages(t.db, runId);
    const i = stages.findIndex((s) => s.stage === current.stage);
    expect(stages[i]).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(stages[i + 1]!.status).toBe("pending");

    workers = startWorkers({ db: t.db, config, log: t.log });
    expect((await finish(runId)).status).toBe("succeeded");
    expect(mailsOf(runId)).toHaveLength(config.report.recipients.length);
    await workers.close();
    workers = undefined;
  });
});

describe("a job whose worker is lost more often than maxStalledCount", () => {
  it("fails its run with an alert instead of leaving it running, and retry finishes it", async () => {
    const strict = { ...QUICK, maxStalledCount: 0 }; // the first loss is one too many
    const a = spawnChild(["--input-type=module", "-e", childWorker(strict)]);
    await a.ready;
    const runId = await start();
    const killed = await untilRunning(runId, ["clean", "dedupe", "features", "tier", "load", "report"]);
    a.child.kill("SIGKILL");
    await a.exited;
    workers = startWorkers({ db: t.db, config, log: t.log }, strict);
    const failed = await finish(runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain(`${killed.stage}: the worker running this stage was lost`);
    for (const end = Date.now() + 10_000; !alertsOf(runId).length && Date.now() < end;) await sleep(50);
    expect(alertsOf(runId)).toHaveLength(1);

    const queues = openStageQueues(config);
    try {
      await retryRun({ db: t.db, producer, queues: queues.queues }, runId, { actor: "ops" });
    } finally {
      await queues.close();
    }
    expect((await finish(runId)).status).toBe("succeeded");
    expect(mailsOf(runId)).toHaveLength(config.report.recipients.length);
  });
});
