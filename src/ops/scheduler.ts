// `retier scheduler`: node-cron fires in the configured time zone that only enqueue: the quarterly
// re-tier and the nightly incremental sync (extract → clean). Every scheduler derives the same run id
// for a fire, so the ledger's primary key lets exactly one of them start it; on start, a missed
// quarterly fire is caught up once (a missed sync is not: the next one reads everything changed since).
import { createTask, validate, type ScheduledTask } from "node-cron";
import type { FlowProducer } from "bullmq";
import { startRun, type StartRunResult } from "../../jobs/start-run.js";
import type { AppConfig } from "../config/load.js";
import type { Db } from "../db/warehouse.js";
import { ConfigError, errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { cronRunId } from "../runs/ids.js";
import { RUN_KINDS, type RunKind } from "../runs/kinds.js";
import { localFields, nextFires, parseCron, previousFire } from "./cron.js";
import { catchUpDecision, type CatchUpDecision, quarterForFire, syncForFire } from "./schedule-plan.js";

export interface SchedulerDeps {
  db: Db;
  config: AppConfig;
  producer: FlowProducer;
  log: Logger;
}

export type FireOutcome = { kind: RunKind; quarter: string; runId: string } & (
  { started: true } | { started: false; reason: "active" | "exists"; activeRunId: string }
);

const outcome = (kind: RunKind, quarter: string, runId: string, r: StartRunResult): FireOutcome =>
  r.started
    ? { kind, quarter, runId, started: true }
    : { kind, quarter, runId, started: false, reason: r.reason, activeRunId: r.activeRunId };

function checkExpressions(config: AppConfig): void {
  for (const [name, expr] of Object.entries(config.schedule))
    if (!validate(expr))
      throw new ConfigError(`schedule.${name}: ${JSON.stringify(expr)} is not a cron expression`);
}

/** One quarterly fire: start the run of the quarter that ended before `fireAt`, if no scheduler did. */
export async function fireQuarterly(
  deps: SchedulerDeps,
  fireAt: Date,
  how: "cron" | "catch-up",
): Promise<FireOutcome> {
  const quarter = quarterForFire(fireAt, deps.config.timezone);
  const runId = cronRunId(quarter);
  const r: StartRunResult = await startRun(deps.db, deps.config, deps.producer, {
    quarter,
    trigger: "cron",
    // The fire time, not the clock: every scheduler (and a late catch-up) records the same run.
    now: fireAt,
    runId,
    params: { fire_at: fireAt.toISOString(), fired_by: how },
  });
  const log = deps.log.child({ runId });
  if (r.started) log.info(`${how}: started the ${quarter} re-tier`);
  else if (r.reason === "exists") log.info(`${how}: ${runId} already exists (another scheduler fired it)`);
  else log.warn(`${how}: ${quarter} already has an active run ${r.activeRunId}; not starting another`);
  return outcome("retier", quarter, runId, r);
}

/**
 * One nightly fire: start the incremental sync (extract → clean, no mail) of the quarter containing
 * `fireAt`, if no scheduler did. A sync of that quarter still active (say, no worker ran last night's)
 * holds this one back; the quarter's re-tier does not.
 */
export async function fireSync(deps: SchedulerDeps, fireAt: Date): Promise<FireOutcome> {
  const { quarter, runId } = syncForFire(fireAt, deps.config.timezone);
  const r = await startRun(deps.db, deps.config, deps.producer, {
    quarter,
    kind: "sync",
    trigger: "cron",
    now: fireAt,
    runId,
    params: { fire_at: fireAt.toISOString(), fired_by: "cron" },
  });
  const log = deps.log.child({ runId });
  if (r.started) log.info(`cron: started the ${quarter} incremental sync`);
  else if (r.reason === "exists") log.info(`cron: ${runId} already exists (another scheduler fired it)`);
  else log.warn(`cron: ${quarter} still has an active sync ${r.activeRunId}; not starting another`);
  return outcome("sync", quarter, runId, r);
}

/** Starts the latest quarterly fire at or before `now` when nobody ran it (see catchUpDecision). */
export async function catchUp(
  deps: SchedulerDeps,
  now: Date,
): Promise<{ decision: CatchUpDecision | null; outcome?: FireOutcome }> {
  const tz = deps.config.timezone;
  const fireAt = previousFire(parseCron(deps.config.schedule.retier), now, tz);
  if (!fireAt) return { decision: null };
  const quarter = quarterForFire(fireAt, tz);
  // Only re-tiers count: a nightly sync of the quarter covers nothing a re-tier does.
  const runs = await deps
    .db("etl.runs")
    .where({ quarter, kind: "retier" })
    .select("run_id", "status", "created_at");
  const decision = catchUpDecision(fireAt, tz, runs);
  if (!decision.fire) {
    deps.log.info(`catch-up: nothing to do for the ${fireAt.toISOString()} fire: ${decision.why}`);
    return { decision };
  }
  deps.log.warn(`catch-up: the ${fireAt.toISOString()} fire for ${quarter} was missed; starting it now`);
  return { decision, outcome: await fireQuarterly(deps, fireAt, "catch-up") };
}

export interface Scheduler {
  tasks: ScheduledTask[];
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Catch up a missed quarterly fire before scheduling (default true). */
  catchUp?: boolean;
  /** The clock for catch-up; node-cron keeps its own for the fires. */
  now?: () => Date;
  /** Called after every quarterly and nightly fire (tests, metrics). */
  onFire?: (outcome: FireOutcome) => void;
}

export async function startScheduler(deps: SchedulerDeps, opts: SchedulerOptions = {}): Promise<Scheduler> {
  checkExpressions(deps.config);
  const { timezone, schedule } = deps.config;
  if (opts.catchUp !== false) await catchUp(deps, (opts.now ?? (() => new Date()))());
  // node-cron passes the matched time; whole seconds make every scheduler agree on it.
  const task = (expr: string, what: string, fire: (fireAt: Date) => Promise<FireOutcome>) =>
    createTask(
      expr,
      async (ctx) => {
        const fireAt = new Date(Math.floor(ctx.date.getTime() / 1000) * 1000);
        try {
          opts.onFire?.(await fire(fireAt));
        } catch (err) {
          deps.log.error(`${what} fire at ${fireAt.toISOString()} failed: ${errorMessage(err)}`);
        }
      },
      { timezone, noOverlap: true },
    );
  const retier = task(schedule.retier, "quarterly", (at) => fireQuarterly(deps, at, "cron"));
  const sync = task(schedule.sync, "nightly sync", (at) => fireSync(deps, at));
  await retier.start();
  await sync.start();
  deps.log.info(`scheduler started in ${timezone}: retier "${schedule.retier}", sync "${schedule.sync}"`);
  return {
    tasks: [retier, sync],
    async stop() {
      await retier.destroy();
      await sync.destroy();
    },
  };
}

export interface ScheduleListing {
  name: RunKind;
  expression: string;
  /** The quarter each fire runs for and the run id it will record. */
  fires: { at: Date; local: string; quarter: string; runId: string }[];
}

/** The next `count` fires of every schedule (config schedule.<kind>), for `scheduler --list`. */
export function listSchedule(config: AppConfig, now: Date, count: number): ScheduleListing[] {
  checkExpressions(config);
  const tz = config.timezone;
  const show = (d: Date) => {
    const t = localFields(d, tz);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
  };
  const plan = (kind: RunKind, at: Date) => {
    if (kind === "sync") return syncForFire(at, tz);
    const quarter = quarterForFire(at, tz);
    return { quarter, runId: cronRunId(quarter) };
  };
  return RUN_KINDS.map((name) => ({
    name,
    expression: config.schedule[name],
    fires: nextFires(parseCron(config.schedule[name]), now, tz, count).map((at) => ({
      at,
      local: show(at),
      ...plan(name, at),
    })),
  }));
}
