// Retention against the real warehouse and sources: nightly syncs beyond the keep window lose their
// staging and core.int_* rows, while the extract the next incremental continues from, a recent failed
// run and an active run keep theirs; a dry run counts the same rows and deletes none; a pruned run
// refuses a retry; the next incremental extract still works, and its success prunes the run it replaced.
import { FlowProducer, type Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { producerConnection } from "../../jobs/queues.js";
import { runStageJob } from "../../jobs/stage-runner.js";
import type { AppConfig } from "../../src/config/load.js";
import type { EntityName } from "../../src/config/schema.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { STAGING_TABLE } from "../../src/extract/mapping.js";
import { openStageQueues, type StageQueues } from "../../src/ops/flow-jobs.js";
import { pruneRuns, type PrunedRun } from "../../src/ops/retention.js";
import { PRUNED_TABLES } from "../../src/ops/retention-plan.js";
import { cancelRun, type ControlDeps, rerunRun, retryRun } from "../../src/ops/run-control.js";
import { stageJobId } from "../../src/runs/ids.js";
import { SYNC_PARAMS } from "../../src/runs/kinds.js";
import { createRun, getRun, stageFailed, stageStarted } from "../../src/runs/ledger.js";
import { listEvents } from "../../src/runs/run-events.js";
import type { Stage } from "../../src/runs/quarter.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q4";
const RETENTION = { keep_sync_runs: 2, keep_retier_runs: 1, batch_rows: 1000 };
const ENGINEER = { actor: "alice", reason: "test" };
let t: TestEnv;
/** No prune after a run: the test prunes when it wants to. */
let manual: AppConfig;
let auto: AppConfig;
let asOf: Date;
let producer: FlowProducer;
let queues: { queues: StageQueues; close(): Promise<void> };
const night = (n: number) => `${QUARTER}-sync-2026100${n}T013000`;
const [S1, S2, S3, S4, S5] = [1, 2, 3, 4, 5].map(night) as [string, string, string, string, string];

beforeAll(async () => {
  t = await createTestEnv("ops_retention");
  manual = t.config({ overrides: { retention: { ...RETENTION, after_run: false } } });
  auto = t.config({ overrides: { retention: { ...RETENTION, after_run: true } } });
  asOf = quarterBounds(parseQuarter("2026Q3"), manual.timezone).end;
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 300, seed: 7, anchor: asOf, log: t.log });
  producer = new FlowProducer({
    connection: producerConnection(manual.env.redisUrl),
    prefix: manual.env.queuePrefix,
  });
  queues = openStageQueues(manual);
  // Three nightly syncs succeed; the fourth fails in its extract; the fifth is queued (no worker yet).
  for (const id of [S1, S2, S3]) {
    await newSync(id);
    await runStage(manual, id, "extract");
    await runStage(manual, id, "clean");
  }
  await newSync(S4);
  await stageStarted(t.db, S4, "extract", stageJobId(S4, "extract"));
  await stageFailed(t.db, S4, "extract", "source unreachable", true);
  await newSync(S5);
}, 120_000);

afterAll(async () => {
  await queues?.close();
  await producer?.close();
  await t?.cleanup();
});

async function newSync(runId: string): Promise<void> {
  const r = await createRun(t.db, {
    runId,
    quarter: QUARTER,
    kind: "sync",
    trigger: "cron",
    params: { ...SYNC_PARAMS },
    configHash: "x",
    asOf,
  });
  if (!r.created) throw new Error(`${runId} not created: ${r.reason}`);
}

/** One stage through the real runner, as a worker would run it (without Redis). */
async function runStage(config: AppConfig, runId: string, stage: Stage): Promise<void> {
  const job = { data: { runId, quarter: QUARTER }, id: stageJobId(runId, stage), attemptsMade: 0, opts: {} };
  await runStageJob({ db: t.db, config, log: t.log }, stage, job as unknown as Job);
}

/** The run's rows in every table retention prunes. */
async function rowsOf(runId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of PRUNED_TABLES)
    out[table] = Number((await t.db(table).where({ run_id: runId }).count({ n: "*" }))[0]!.n);
  return out;
}
const total = (rows: Record<string, number>) => Object.values(rows).reduce((a, b) => a + b, 0);
const control = (): ControlDeps => ({ db: t.db, producer, queues: queues.queues });
const byRun = (pruned: PrunedRun[]) => Object.fromEntries(pruned.map((p) => [p.run_id, p.rows]));

describe("retention of nightly syncs", () => {
  let before: Record<string, Record<string, number>>;
  let dry: Awaited<ReturnType<typeof pruneRuns>>;

  it("a dry run reports the syncs beyond the window with their rows per table, and deletes nothing", async () => {
    before = Object.fromEntries(await Promise.all([S1, S2, S3].map(async (r) => [r, await rowsOf(r)])));
    for (const r of [S1, S2, S3]) {
      expect(before[r]!["staging.stg_order_lines"], r).toBeGreaterThan(RETENTION.batch_rows);
      expect(before[r]!["core.int_customers"], r).toBeGreaterThan(0);
    }

    dry = await pruneRuns({ db: t.db, config: manual, log: t.log }, { dryRun: true, actor: "alice" });
    expect(dry.pruned.map((p) => p.run_id)).toEqual([S1, S2]);
    expect(byRun(dry.pruned)).toEqual({ [S1]: before[S1], [S2]: before[S2] });
    const why = Object.fromEntries(dry.decisions.map((d) => [d.run_id, [d.prune, d.reason]]));
    expect(why).toEqual({
      [S5]: [false, "active (queued)"],
      [S4]: [false, "one of the newest 2 sync runs"],
      [S3]: [false, expect.stringMatching(/^latest extract of (erp|crm)\.\w+: the next incremental/)],
      [S2]: [true, "beyond the newest 2 sync runs"],
      [S1]: [true, "beyond the newest 2 sync runs"],
    });

    for (const r of [S1, S2, S3]) expect(await rowsOf(r)).toEqual(before[r]);
    expect((await getRun(t.db, S1))?.pruned_at).toBeNull();
  });

  it("prunes exactly those rows, in batches, and records it on the run", async () => {
    const vacuums = async () =>
      Object.fromEntries(
        (
          await t.db.raw<{ rows: { t: string; n: string }[] }>(
            "SELECT schemaname || '.' || relname AS t, vacuum_count AS n FROM pg_stat_user_tables WHERE schemaname IN ('staging', 'core')",
          )
        ).rows.map((x) => [x.t, Number(x.n)]),
      );
    const vacuumedBefore = await vacuums();
    const r = await pruneRuns({ db: t.db, config: manual, log: t.log }, { actor: "alice" });
    // Every table that lost rows is vacuumed (its space reused by the next runs); the others are not.
    const vacuumedAfter = await vacuums();
    for (const table of Object.keys(before[S1]!))
      expect(vacuumedAfter[table]! - vacuumedBefore[table]!, table).toBe(
        before[S1]![table]! + before[S2]![table]! > 0 ? 1 : 0,
      );
    expect(r.pruned.map((p) => [p.run_id, p.done])).toEqual([
      [S1, true],
      [S2, true],
    ]);
    expect(byRun(r.pruned)).toEqual(byRun(dry.pruned));

    for (const id of [S1, S2]) {
      expect(total(await rowsOf(id)), id).toBe(0);
      const run = await getRun(t.db, id);
      expect(run?.pruned_at).toBeInstanceOf(Date);
      expect(Number(run?.pruned_rows)).toBe(total(before[id]!));
      // The ledger, its counts and rejects stay.
      expect(run?.status).toBe("succeeded");
      expect(await t.db("etl.source_counts").where({ run_id: id }).count({ n: "*" })).not.toEqual([
        { n: "0" },
      ]);
      const events = await listEvents(t.db, id);
      expect(events.map((e) => [e.event, e.actor, e.details])).toEqual([["prune", "alice", before[id]]]);
    }
    // The latest extract, the failed run in the window and the queued run keep everything.
    expect(await rowsOf(S3)).toEqual(before[S3]);
    expect((await getRun(t.db, S3))?.pruned_at).toBeNull();
    expect((await getRun(t.db, S4))?.pruned_at).toBeNull();

    // Nothing left to do: a second prune deletes nothing.
    expect((await pruneRuns({ db: t.db, config: manual, log: t.log }, { actor: "alice" })).pruned).toEqual(
      [],
    );
  });

  it("refuses to retry a pruned run, or rerun it from a stage that reads the pruned rows", async () => {
    const retried = retryRun(control(), S2, ENGINEER);
    await expect(retried).rejects.toThrow(/intermediate rows \(staging\.stg_\*, core\.int_\*\) were pruned/);
    await expect(retryRun(control(), S2, ENGINEER)).rejects.toThrow(`retier rerun ${S2} --from extract`);
    await expect(rerunRun(control(), S2, "clean", ENGINEER)).rejects.toThrow(/--from extract/);
    expect((await getRun(t.db, S2))?.flow_attempt).toBe(0);
  });

  it("the next incremental extract continues from the kept extract, and its success prunes that one", async () => {
    await runStage(auto, S5, "extract");
    const marks = await t
      .db("etl.extract_watermarks")
      .where({ run_id: S5, source: "erp", entity: "customer" });
    expect(marks.map((w) => [w.mode, w.base_run_id])).toEqual([["incremental", S3]]);
    // Every source row staged once, the unchanged ones carried forward from S3.
    for (const c of await t.db("etl.source_counts").where({ run_id: S5 })) {
      const staged = await t
        .db(STAGING_TABLE[c.entity as EntityName])
        .where({ run_id: S5, source: c.source })
        .count({ n: "*" });
      expect(Number(staged[0]!.n), `${c.source}.${c.entity}`).toBe(Number(c.extracted));
    }

    await runStage(auto, S5, "clean");
    expect((await getRun(t.db, S5))?.status).toBe("succeeded");
    // S5 is now the latest extract: S3 is beyond the window and goes; S4 (failed, in the window) stays.
    expect(total(await rowsOf(S3))).toBe(0);
    expect((await getRun(t.db, S3))?.pruned_rows).toBe(String(total(before[S3]!)));
    expect((await listEvents(t.db, S3)).map((e) => e.actor)).toEqual(["retention"]);
    expect((await getRun(t.db, S4))?.pruned_at).toBeNull();
    const s5 = await rowsOf(S5);
    expect(s5["staging.stg_customers"]).toBe(before[S3]!["staging.stg_customers"]);
    expect(s5["core.int_customers"]).toBeGreaterThan(0);
  });

  it("a rerun from extract takes a pruned run back: it will rebuild its rows", async () => {
    const r = await rerunRun(control(), S1, "extract", ENGINEER);
    expect(r.reset).toEqual(["extract", "clean"]);
    const run = await getRun(t.db, S1);
    expect([run?.status, run?.pruned_at, run?.pruned_rows]).toEqual(["queued", null, null]);
    // Active again: no prune touches it until it is done.
    const plan = await pruneRuns({ db: t.db, config: manual, log: t.log }, { dryRun: true, actor: "alice" });
    expect(plan.decisions.find((d) => d.run_id === S1)?.reason).toBe("active (queued)");
    await cancelRun(control(), S1, ENGINEER);
  });
});
