// `retier run --dry-run`: what a run of a quarter would do, checked against the real sources and the
// ledger, without recording or enqueueing anything. For the engineer who wants to know before 02:00
// that a source is unreachable or a column was renamed, rather than from the failure mail after.
import type { AppConfig } from "../config/load.js";
import { ENTITY_NAMES } from "../config/schema.js";
import { connectSource, type Db, redactUrl } from "../db/warehouse.js";
import { errorMessage } from "../errors.js";
import { estimateRows } from "../extract/extract.service.js";
import { missingColumns, planEntity } from "../extract/mapping.js";
import { openMysqlSession, openPgSession } from "../extract/source-session.js";
import { KIND_STAGES } from "../runs/kinds.js";
import { evaluationWindow, formatQuarter, parseQuarter, quarterBounds } from "../runs/quarter.js";

export interface PreflightTable {
  source: string;
  entity: string;
  table: string;
  /** Rows by the source's own estimate (or a count when it has none); null when unreadable. */
  rows: number | null;
  problem: string | null;
}

export interface PreflightReport {
  quarter: string;
  window: { start: Date; end: Date };
  quarterEnd: Date;
  configPath: string;
  configHash: string;
  stages: readonly string[];
  /** An active re-tier of the quarter: a real run would be refused. */
  activeRunId: string | null;
  tables: PreflightTable[];
  /** Sources that could not be reached at all. */
  sourceProblems: { source: string; problem: string }[];
  ok: boolean;
}

export async function preflight(db: Db, config: AppConfig, quarterText: string): Promise<PreflightReport> {
  const q = parseQuarter(quarterText);
  const active = await db("etl.runs")
    .where({ quarter: formatQuarter(q), kind: "retier" })
    .whereIn("status", ["queued", "running"])
    .first<{ run_id: string } | undefined>("run_id");
  const tables: PreflightTable[] = [];
  const sourceProblems: PreflightReport["sourceProblems"] = [];
  for (const source of config.sources) {
    const url = config.sourceUrls[source.name]!;
    const src = connectSource(source.client, url);
    try {
      const session = await (source.client === "pg" ? openPgSession : openMysqlSession)(src, source);
      try {
        for (const entity of ENTITY_NAMES) {
          const plan = planEntity(source, entity);
          if (!plan) continue;
          const row: PreflightTable = {
            source: source.name,
            entity,
            table: plan.table,
            rows: null,
            problem: null,
          };
          tables.push(row);
          const cols = await session.columns(plan.table);
          if (cols.length === 0) {
            row.problem = `table ${plan.table} not found`;
            continue;
          }
          const missing = missingColumns(
            plan,
            cols.map((c) => c.name),
          );
          if (missing.length) {
            row.problem = `column ${missing.join(", ")} not found (sources.${source.name}.entities.${entity})`;
            continue;
          }
          row.rows = await estimateRows(session, plan);
        }
      } finally {
        await session.close().catch(() => undefined);
      }
    } catch (err) {
      sourceProblems.push({ source: source.name, problem: `${redactUrl(url)}: ${errorMessage(err)}` });
    } finally {
      await src.destroy();
    }
  }
  return {
    quarter: formatQuarter(q),
    window: evaluationWindow(q, config.evaluation.window_months, config.timezone),
    quarterEnd: quarterBounds(q, config.timezone).end,
    configPath: config.configPath,
    configHash: config.configHash,
    stages: KIND_STAGES.retier,
    activeRunId: active?.run_id ?? null,
    tables,
    sourceProblems,
    ok: !active && sourceProblems.length === 0 && tables.every((t) => t.problem === null),
  };
}

/** The report as the CLI prints it. */
export function formatPreflight(r: PreflightReport, timezone: string): string {
  const day = (d: Date) => d.toLocaleDateString("sv-SE", { timeZone: timezone });
  const lines = [
    `dry run of a re-tier of ${r.quarter}: nothing recorded, nothing enqueued`,
    `window: ${day(r.window.start)} to ${day(r.window.end)} (exclusive, ${timezone})`,
    `config: ${r.configPath} (hash ${r.configHash})`,
    `stages: ${r.stages.join(" → ")}`,
    r.activeRunId
      ? `ledger: ${r.quarter} already has an active run ${r.activeRunId}: a run now would be refused`
      : `ledger: no active run of ${r.quarter}`,
    "",
    ...r.sourceProblems.map((p) => `source ${p.source}: UNREACHABLE ${p.problem}`),
    ...r.tables.map(
      (t) =>
        `${t.source}.${t.entity} (${t.table}): ` +
        (t.problem ? `PROBLEM ${t.problem}` : `ok, about ${t.rows!.toLocaleString("en-US")} rows`),
    ),
    "",
    r.ok
      ? "ready: `retier run --quarter " + r.quarter + "` would start it"
      : "not ready: see the problems above",
  ];
  return lines.join("\n");
}
