// CLI commands for data engineers: run, runs, rejects, worker.
import type { Command } from "commander";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers } from "../../jobs/worker.js";
import { getRun, getStages, listRuns } from "../runs/ledger.js";
import { addQuarters, formatQuarter, parseQuarter, quarterOf } from "../runs/quarter.js";
import { waitForRun } from "../runs/wait.js";
import { type App, flowProducer, openApp } from "./app.js";
import { table } from "./format.js";
import { runProgress } from "./progress.js";

async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = openApp();
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function previousQuarter(now: Date, tz: string): string {
  return formatQuarter(addQuarters(quarterOf(now, tz), -1));
}

export function registerRunCommands(program: Command): void {
  program
    .command("run")
    .description("record a run in the ledger and enqueue its flow (a worker must be running)")
    .option("--quarter <Q>", "quarter to re-tier, e.g. 2026Q3 (default: the previous quarter)")
    .option("--wait", "wait for the run to finish, showing progress")
    .action(async (opts: { quarter?: string; wait?: boolean }) =>
      withApp(async (app) => {
        const quarter = formatQuarter(
          parseQuarter(opts.quarter ?? previousQuarter(new Date(), app.config.timezone)),
        );
        const producer = flowProducer(app.config);
        try {
          const r = await startRun(app.db, app.config, producer, {
            quarter,
            trigger: "manual",
            now: new Date(),
          });
          if (!r.started) {
            console.error(`${quarter} already has an active run: ${r.activeRunId}`);
            process.exitCode = 1;
            return;
          }
          console.log(`run ${r.runId} queued for ${quarter}`);
          if (opts.wait) {
            const bar = runProgress();
            const run = await waitForRun(app.db, r.runId, bar.update).finally(() => bar.stop());
            console.log(`run ${r.runId} ${run.status}${run.error ? `: ${run.error}` : ""}`);
            if (run.status !== "succeeded") process.exitCode = 1;
          }
        } finally {
          await producer.close();
        }
      }),
    );

  program
    .command("runs [runId]")
    .description("list runs (newest first), or show one run's stages")
    .option("--status <status>", "queued | running | succeeded | failed | cancelled")
    .option("--quarter <Q>", "only this quarter")
    .action(async (runId: string | undefined, opts: { status?: string; quarter?: string }) =>
      withApp(async (app) => {
        if (runId) {
          const run = await getRun(app.db, runId);
          if (!run) throw new Error(`run ${runId} not found`);
          console.log(
            `${run.run_id}  ${run.quarter}  ${run.trigger}  ${run.status}${run.error ? `\nerror: ${run.error}` : ""}\n`,
          );
          const stages = await getStages(app.db, runId);
          console.log(
            table(
              stages.map(({ details: _d, ...s }) => ({
                ...s,
                ms:
                  s.started_at && s.finished_at
                    ? new Date(s.finished_at).getTime() - new Date(s.started_at).getTime()
                    : null,
              })),
              ["stage", "status", "attempts", "rows_in", "rows_out", "rows_rejected", "ms", "error"],
            ),
          );
          return;
        }
        const runs = await listRuns(app.db, opts);
        console.log(
          table(runs as never, [
            "run_id",
            "quarter",
            "trigger",
            "status",
            "created_at",
            "finished_at",
            "error",
          ]),
        );
      }),
    );

  program
    .command("rejects <runId>")
    .description("rejected rows of a run: a summary by reason, then every row with --all")
    .option("--all", "list every rejected row with its raw values")
    .action(async (runId: string, opts: { all?: boolean }) =>
      withApp(async (app) => {
        const summary = await app
          .db("etl.rejects")
          .where({ run_id: runId })
          .groupBy("source", "entity", "reason")
          .orderBy(["source", "entity", "reason"])
          .select("source", "entity", "reason")
          .count({ rows: "*" });
        console.log(table(summary as never, ["source", "entity", "reason", "rows"]));
        if (opts.all) {
          const rows = await app
            .db("etl.rejects")
            .where({ run_id: runId })
            .orderBy("reject_id")
            .select("source", "entity", "source_key", "reason", "detail", "raw");
          for (const r of rows)
            console.log(
              `${r.source}.${r.entity} ${r.source_key ?? "(no key)"}  ${r.reason}${r.detail ? ` (${r.detail})` : ""}  ${JSON.stringify(r.raw)}`,
            );
        }
      }),
    );

  program
    .command("worker")
    .description(
      "run BullMQ workers for every stage queue until SIGTERM/SIGINT (the current job finishes first)",
    )
    .option("--concurrency <n>", "jobs per stage queue", "1")
    .action(async (opts: { concurrency: string }) => {
      const app = openApp();
      const workers = startWorkers(app, { concurrency: Number(opts.concurrency) });
      app.log.info(
        `workers started for ${workers.workers.length} stage queues (prefix ${app.config.env.queuePrefix})`,
      );
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          app.log.info(`${sig}: finishing current jobs, then exiting`);
          resolve();
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      await workers.close();
      await app.close();
    });
}
