// CLI commands for operating runs: scheduler, retry, rerun, backfill, cancel, stage mark, events,
// prune and the dashboard. Each opens the app, calls src/ops (or src/dashboard), prints, and closes.
import { userInfo } from "node:os";
import { type Command, Option } from "commander";
import { backfill } from "../ops/backfill.js";
import { REPROCESS, type Reprocess } from "../ops/backfill-plan.js";
import { openStageQueues } from "../ops/flow-jobs.js";
import { cancelRun, type ControlDeps, markStage, rerunRun, retryRun } from "../ops/run-control.js";
import { pruneRuns } from "../ops/retention.js";
import { PRUNED_TABLES } from "../ops/retention-plan.js";
import { listSchedule, startScheduler } from "../ops/scheduler.js";
import { KIND_STAGES } from "../runs/kinds.js";
import { STAGES, type Stage } from "../runs/quarter.js";
import { listEvents } from "../runs/run-events.js";
import { type App, flowProducer, openApp } from "./app.js";
import { table } from "./format.js";
import { runProgress } from "./progress.js";
import { waitAndReport } from "./run-commands.js";

/** Who is at the keyboard, for the ledger's "who and why". */
function actor(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}

function parseStage(text: string): Stage {
  if (!(STAGES as readonly string[]).includes(text))
    throw new Error(`unknown stage ${JSON.stringify(text)}: expected one of ${STAGES.join(", ")}`);
  return text as Stage;
}

async function withControl<T>(fn: (app: App, deps: ControlDeps) => Promise<T>): Promise<T> {
  const app = openApp();
  const producer = flowProducer(app.config);
  const queues = openStageQueues(app.config);
  try {
    return await fn(app, { db: app.db, producer, queues: queues.queues });
  } finally {
    await queues.close();
    await producer.close();
    await app.close();
  }
}

/** One line for an event's details: the attempt and what was reset, or the JSON cut short. */
function eventSummary(d: Record<string, unknown>): string {
  if (typeof d.attempt === "number" && Array.isArray(d.reset))
    return `attempt ${d.attempt}; ${d.reset.length} stage(s) reset; run was ${String(d.previous_status)}${d.forced ? "; forced" : ""}`;
  const counts = Object.values(d);
  if (counts.length && counts.every((v) => typeof v === "number"))
    return `${counts.reduce((a, b) => a + b, 0)} rows deleted`;
  const json = JSON.stringify(d);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Resolves on SIGTERM or SIGINT, for the long-running commands. */
const untilSignal = (log: App["log"], what: string) =>
  new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log.info(`${sig}: stopping the ${what}`);
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });

export function registerOpsCommands(program: Command): void {
  program
    .command("scheduler")
    .description(
      "enqueue the quarterly re-tier and the nightly incremental sync on schedule (node-cron, configured " +
        "time zone); only enqueues",
    )
    .option("--list", "print the next fire times and exit")
    .option("--count <n>", "fires per schedule with --list", "4")
    .option("--no-catch-up", "do not start a missed quarterly fire on start")
    .action(async (opts: { list?: boolean; count: string; catchUp: boolean }) => {
      const app = openApp();
      try {
        if (opts.list) {
          for (const s of listSchedule(app.config, new Date(), Number(opts.count))) {
            console.log(`${s.name}  "${s.expression}"  (${app.config.timezone})`);
            console.log(
              table(
                s.fires.map((f) => ({
                  local: f.local,
                  utc: f.at,
                  runs:
                    s.name === "sync"
                      ? `incremental sync of ${f.quarter}: ${KIND_STAGES.sync.join(" → ")}, no mail`
                      : `re-tier ${f.quarter}`,
                  "run id": f.runId,
                })),
                ["local", "utc", "runs", "run id"],
              ),
            );
            console.log("");
          }
          return;
        }
        const producer = flowProducer(app.config);
        const scheduler = await startScheduler(
          { db: app.db, config: app.config, producer, log: app.log },
          { catchUp: opts.catchUp },
        );
        await untilSignal(app.log, "scheduler");
        await scheduler.stop();
        await producer.close();
      } finally {
        await app.close();
      }
    });

  program
    .command("retry <runId>")
    .description("enqueue a run again from its failed stage; later stages follow, earlier output is reused")
    .option("--reason <text>", "why, for the ledger")
    .option("--force", "even though a stage is recorded as running (its worker or Redis data was lost)")
    .option("--wait", "wait for the run to finish, showing progress")
    .action(async (runId: string, opts: { reason?: string; force?: boolean; wait?: boolean }) =>
      withControl(async (app, deps) => {
        const r = await retryRun(deps, runId, { actor: actor(), reason: opts.reason, force: opts.force });
        console.log(`run ${runId}: attempt ${r.attempt} queued from ${r.from} (job ${r.firstJobId})`);
        if (opts.wait) await waitAndReport(app, runId);
      }),
    );

  program
    .command("rerun <runId>")
    .description("a new attempt of a run that runs the given stage and every stage after it again")
    .requiredOption(
      "--from <stage>",
      `first stage to run again: ${STAGES.join(" | ")} (a sync: ${KIND_STAGES.sync.join(" | ")})`,
    )
    .option("--reason <text>", "why, for the ledger")
    .option("--force", "even though a stage is recorded as running (its worker or Redis data was lost)")
    .option("--wait", "wait for the run to finish, showing progress")
    .action(async (runId: string, opts: { from: string; reason?: string; force?: boolean; wait?: boolean }) =>
      withControl(async (app, deps) => {
        const from = parseStage(opts.from);
        const r = await rerunRun(deps, runId, from, {
          actor: actor(),
          reason: opts.reason,
          force: opts.force,
        });
        console.log(`run ${runId}: attempt ${r.attempt} queued, rerunning ${r.reset.join(", ")}`);
        if (opts.wait) await waitAndReport(app, runId);
      }),
    );

  program
    .command("backfill")
    .description("one new run per quarter in a range, oldest first, each finished before the next starts")
    .requiredOption("--from <Q>", "first quarter, e.g. 2025Q1")
    .requiredOption("--to <Q>", "last quarter")
    .addOption(
      new Option(
        "--reprocess <policy>",
        "missing: quarters never run; failed: also those whose latest run failed; all: every quarter",
      )
        .choices(REPROCESS as string[])
        .default("missing"),
    )
    .option("--dry-run", "print the plan and change nothing")
    .action(async (opts: { from: string; to: string; reprocess: Reprocess; dryRun?: boolean }) =>
      withControl(async (app, deps) => {
        const bar = runProgress();
        const r = await backfill(
          { db: app.db, config: app.config, producer: deps.producer },
          {
            ...opts,
            now: () => new Date(),
            actor: actor(),
            onPlan: (plan) =>
              console.log(table(plan as never, ["quarter", "state", "latestRunId", "action", "why"]) + "\n"),
            onProgress: bar.update,
            onRunDone: (quarter, run) => {
              bar.stop();
              console.log(`${quarter}: run ${run.run_id} ${run.status}${run.error ? `: ${run.error}` : ""}`);
            },
          },
        ).finally(() => bar.stop());
        if (opts.dryRun) console.log("dry run: nothing was started");
        else if (r.stoppedAt) {
          console.error(`backfill stopped at ${r.stoppedAt}; fix it, then run the same backfill again`);
          process.exitCode = 1;
        } else console.log(`backfill done: ${r.runs.length} run(s)`);
      }),
    );

  program
    .command("cancel <runId>")
    .description("cancel a run: no further stage starts (a running stage finishes), waiting jobs are removed")
    .option("--reason <text>", "why, for the ledger")
    .action(async (runId: string, opts: { reason?: string }) =>
      withControl(async (_app, deps) => {
        const r = await cancelRun(deps, runId, { actor: actor(), reason: opts.reason });
        console.log(
          `run ${runId} cancelled${r.running ? `; stage ${r.running} is still running and will finish` : ""}` +
            `${r.removedJobs ? "; its waiting jobs were removed" : ""}`,
        );
      }),
    );

  program
    .command("stage")
    .description("act on one stage of a run")
    .command("mark <runId> <stage> <status>")
    .description("mark a stage skipped or succeeded by hand (recorded with who and why)")
    .requiredOption("--reason <text>", "why (required)")
    .action(async (runId: string, stage: string, status: string, opts: { reason: string }) => {
      if (status !== "skipped" && status !== "succeeded")
        throw new Error(`status must be skipped or succeeded, got ${JSON.stringify(status)}`);
      const app = openApp();
      try {
        const who = { actor: actor(), reason: opts.reason, at: new Date() };
        const r = await markStage(app.db, runId, parseStage(stage), status, who);
        console.log(
          `run ${runId}: ${stage} marked ${status} by ${who.actor}${r.runSucceeded ? "; the run is now succeeded" : ""}`,
        );
      } finally {
        await app.close();
      }
    });

  program
    .command("events <runId>")
    .description("operator actions on a run: retries, reruns, cancels and stage marks, with who and why")
    .action(async (runId: string) => {
      const app = openApp();
      try {
        const rows = (await listEvents(app.db, runId)).map((e) => ({
          ...e,
          details: eventSummary(e.details),
        }));
        console.log(table(rows, ["created_at", "event", "stage", "actor", "reason", "details"]));
      } finally {
        await app.close();
      }
    });

  program
    .command("prune")
    .description(
      "retention: delete the staging.stg_* and core.int_* rows of runs outside the keep window that " +
        "nothing still needs (see retention: in the config)",
    )
    .option("--dry-run", "print what would be deleted and change nothing")
    .action(async (opts: { dryRun?: boolean }) => {
      const app = openApp();
      try {
        const r = await pruneRuns(app, { dryRun: opts.dryRun, actor: actor() });
        if (r.busy) {
          console.error("another prune is running; try again when it has finished");
          process.exitCode = 1;
          return;
        }
        const { keep_sync_runs: sync, keep_retier_runs: retier } = app.config.retention;
        const kept = r.decisions.filter((d) => d.beyond_window);
        if (kept.length) {
          console.log(`kept beyond the newest ${sync} sync and ${retier} retier runs:`);
          console.log(table(kept as never, ["run_id", "kind", "status", "created_at", "reason"]) + "\n");
        }
        const rows = r.pruned.flatMap((p) =>
          PRUNED_TABLES.filter((t) => p.rows[t] > 0).map((t) => ({
            run_id: p.run_id,
            kind: p.kind,
            status: p.status,
            table: t,
            rows: p.rows[t],
          })),
        );
        if (rows.length) console.log(table(rows, ["run_id", "kind", "status", "table", "rows"]) + "\n");
        const total = r.pruned.reduce((n, p) => n + p.total, 0);
        const unfinished = r.pruned.filter((p) => !p.done).map((p) => p.run_id);
        console.log(
          `${opts.dryRun ? "dry run: would delete" : "deleted"} ${total} rows of ${r.pruned.length} run(s)` +
            (unfinished.length ? `; not finished (now active or rerun): ${unfinished.join(", ")}` : ""),
        );
      } finally {
        await app.close();
      }
    });

  program
    .command("dashboard")
    .description(
      "Bull Board for the stage queues and the run ledger's pages; 127.0.0.1 unless a token is set",
    )
    .option("--host <host>", "address to bind (not loopback: needs RETIER_DASHBOARD_TOKEN)", "127.0.0.1")
    .option("--port <port>", "port", "3000")
    .action(async (opts: { host: string; port: string }) => {
      const app = openApp();
      try {
        // Loaded here: express and Bull Board would slow every other command's start.
        const { startDashboard } = await import("../dashboard/server.js");
        const d = await startDashboard(app, { host: opts.host, port: Number(opts.port) });
        console.log(`dashboard: ${d.url}/runs  (queues: ${d.url}/queues)`);
        await untilSignal(app.log, "dashboard");
        await d.close();
      } finally {
        await app.close();
      }
    });
}
