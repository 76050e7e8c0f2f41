// CLI commands for data engineers: run, sync, runs, rejects, worker.
import type { Command } from "commander";
import { startRun } from "../../jobs/start-run.js";
import { startWorkers } from "../../jobs/worker.js";
import { allRejects, formatReject, rejectPage, rejectSummary } from "../clean/rejects-listing.js";
import { KIND_STAGES, parseKind, type RunKind } from "../runs/kinds.js";
import { getRun, getStages, listRuns } from "../runs/ledger.js";
import { addQuarters, formatQuarter, parseQuarter, quarterOf } from "../runs/quarter.js";
import { waitForRun } from "../runs/wait.js";
import { formatPreflight, preflight } from "../ops/preflight.js";
import { type App, flowProducer, openApp, withApp } from "./app.js";
import { table } from "./format.js";
import { runProgress } from "./progress.js";

/** Waits for a run with a progress bar, prints how it ended; a run that did not succeed exits 1. */
export async function waitAndReport(app: App, runId: string): Promise<void> {
  const bar = runProgress();
  const run = await waitForRun(app.db, runId, bar.update).finally(() => bar.stop());
  console.log(`run ${runId} ${run.status}${run.error ? `: ${run.error}` : ""}`);
  if (run.status !== "succeeded") process.exitCode = 1;
}

interface RejectsOptions {
  reason?: string;
  source?: string;
  entity?: string;
  list?: boolean;
  limit: string;
  after?: string;
  all?: boolean;
}

/** The filter and page size options again, for the "next page" hint. */
function flags(o: RejectsOptions): string {
  const f = [
    ["reason", o.reason],
    ["source", o.source],
    ["entity", o.entity],
    ["limit", o.limit === "50" ? undefined : o.limit],
  ];
  return f
    .filter(([, v]) => v)
    .map(([k, v]) => ` --${k} ${v}`)
    .join("");
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
    .option(
      "--dry-run",
      "check the sources, mappings and ledger and print what the run would do, without recording or enqueueing it",
    )
    .action(async (opts: { quarter?: string; wait?: boolean; dryRun?: boolean }) =>
      withApp(async (app) => {
        const quarter = formatQuarter(
          parseQuarter(opts.quarter ?? previousQuarter(new Date(), app.config.timezone)),
        );
        if (opts.dryRun) {
          const report = await preflight(app.db, app.config, quarter);
          console.log(formatPreflight(report, app.config.timezone));
          if (!report.ok) process.exitCode = 1;
          return;
        }
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
          if (opts.wait) await waitAndReport(app, r.runId);
        } finally {
          await producer.close();
        }
      }),
    );

  program
    .command("sync")
    .description(
      "record an incremental sync of the current quarter and enqueue it: extract (only rows changed " +
        "since the last extract) and clean; nothing is published or mailed (what the nightly schedule runs)",
    )
    .option("--wait", "wait for the sync to finish, showing progress")
    .action(async (opts: { wait?: boolean }) =>
      withApp(async (app) => {
        const now = new Date();
        const quarter = formatQuarter(quarterOf(now, app.config.timezone));
        const producer = flowProducer(app.config);
        try {
          const r = await startRun(app.db, app.config, producer, {
            quarter,
            kind: "sync",
            trigger: "manual",
            now,
          });
          if (!r.started) {
            console.error(`${quarter} already has an active sync: ${r.activeRunId}`);
            process.exitCode = 1;
            return;
          }
          console.log(`sync ${r.runId} queued for ${quarter} (${KIND_STAGES.sync.join(" → ")})`);
          if (opts.wait) await waitAndReport(app, r.runId);
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
    .option("--kind <kind>", "retier (the quarterly re-tier) | sync (the nightly extract → clean)")
    .action(async (runId: string | undefined, opts: { status?: string; quarter?: string; kind?: string }) =>
      withApp(async (app) => {
        if (runId) {
          const run = await getRun(app.db, runId);
          if (!run) throw new Error(`run ${runId} not found`);
          console.log(
            `${run.run_id}  ${run.quarter}  ${run.kind}  ${run.trigger}  ${run.status}${run.error ? `\nerror: ${run.error}` : ""}`,
          );
          if (run.pruned_at)
            console.log(
              `pruned at ${new Date(run.pruned_at).toISOString()}: ` +
                (run.pruned_rows === null
                  ? "the prune has not finished (the next prune resumes it)"
                  : `${run.pruned_rows} staging and core.int_* rows deleted`) +
                `; retry is refused, rerun --from extract rebuilds it`,
            );
          console.log("");
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
        const kind: RunKind | undefined = opts.kind ? parseKind(opts.kind) : undefined;
        const runs = await listRuns(app.db, { ...opts, kind });
        console.log(
          table(runs as never, [
            "run_id",
            "quarter",
            "kind",
            "trigger",
            "status",
            "created_at",
            "finished_at",
            "pruned_at",
            "error",
          ]),
        );
      }),
    );

  program
    .command("rejects <runId>")
    .description(
      "rejected rows of a run: a summary by source, table and reason; the rows with --list or --all",
    )
    .option("--reason <code>", "only this reason (e.g. total_mismatch)")
    .option("--source <name>", "only this source")
    .option("--entity <name>", "only this table: customer | order | order_line | payment | credit")
    .option("--list", "list one page of rows with their raw values (see --limit, --after)")
    .option("--limit <n>", "rows per page with --list", "50")
    .option("--after <id>", "with --list: the page after this reject id (printed at the end of a page)")
    .option("--all", "list every matching row, streamed (pipe it to a file for large runs)")
    .action(async (runId: string, opts: RejectsOptions) =>
      withApp(async (app) => {
        const filter = { source: opts.source, entity: opts.entity, reason: opts.reason };
        const summary = await rejectSummary(app.db, runId, filter);
        const total = summary.reduce((n, r) => n + r.rows, 0);
        if (!opts.list && !opts.all) {
          if (!(await getRun(app.db, runId))) throw new Error(`run ${runId} not found`);
          console.log(table(summary as never, ["source", "entity", "reason", "rows", "meaning"]));
          console.log(
            `\n${total} rejected row(s). Rows: retier rejects ${runId} --list [--reason R] | --all`,
          );
          return;
        }
        if (opts.all) {
          for await (const r of allRejects(app.db, runId, filter)) console.log(formatReject(r));
          return;
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new Error(`--limit: expected a positive integer, got ${opts.limit}`);
        if (opts.after !== undefined && !/^\d+$/.test(opts.after))
          throw new Error(`--after: expected a reject id, got ${opts.after}`);
        const rows = await rejectPage(app.db, runId, filter, { after: opts.after, limit });
        for (const r of rows) console.log(formatReject(r));
        if (rows.length === limit)
          console.log(
            `-- more of ${total}: retier rejects ${runId} --list --after ${rows.at(-1)!.reject_id}${flags(opts)}`,
          );
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
