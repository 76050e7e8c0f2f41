// Runs the report's named statements (sql/report/*.sql) and casts their rows into typed facts; opens the
// streamed lists. The only report file besides the service that talks to the warehouse.
import type { Knex } from "knex";
import type pg from "pg";
import { cursorBatches } from "../db/cursor.js";
import { sqlFile } from "../db/sql-file.js";
import { DataError } from "../errors.js";
import type { AdjustmentRecord, CustomerRecord, ReportFacts, RunFact, TierCountFact } from "./facts.js";

type Row = Record<string, unknown>;

async function query(db: Knex, name: string, bindings: readonly Knex.Value[]): Promise<Row[]> {
  const res = (await db.raw(sqlFile(`report/${name}`), bindings)) as { rows: Row[] };
  return res.rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const dateOrNull = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

export async function loadRun(db: Knex, runId: string): Promise<RunFact> {
  const [r] = await query(db, "run", [runId]);
  if (!r)
    throw new DataError(
      `run ${runId} not found in etl.runs: expected the run whose quarter the report covers`,
    );
  return {
    run_id: str(r.run_id),
    quarter: str(r.quarter),
    trigger: str(r.trigger),
    status: str(r.status),
    config_hash: str(r.config_hash),
    as_of_at: dateOrNull(r.as_of_at) ?? new Date(0),
    created_at: dateOrNull(r.created_at) ?? new Date(0),
    started_at: dateOrNull(r.started_at),
    finished_at: dateOrNull(r.finished_at),
  };
}

const tierCounts = (rows: Row[]): TierCountFact[] =>
  rows.map((r) => ({
    tier: str(r.tier),
    customers: num(r.customers),
    revenue_cny: num(r.revenue_cny),
    avg_score: numOrNull(r.avg_score),
  }));

export interface FactOptions {
  topShare: number;
  generatedAt: Date;
}

/** Everything the report shows except the streamed lists. */
export async function loadReportFacts(db: Knex, run: RunFact, opts: FactOptions): Promise<ReportFacts> {
  const q = run.quarter;
  const id = run.run_id;
  // The statements are independent and each reads the quarter's facts whole: sent at once, the
  // warehouse runs them on as many backends (at 1 M customers one after another took seconds each).
  const first = async (name: string, bindings: readonly Knex.Value[]) => (await query(db, name, bindings))[0];
  const previousDistribution = async () => {
    const prev = await first("previous_quarter", [q]);
    const quarter = strOrNull(prev?.quarter);
    return { quarter, rows: quarter ? await query(db, "tier_distribution", [quarter]) : [] };
  };
  const [
    pub,
    previous,
    head,
    dedupe,
    model,
    agreement,
    stages,
    current,
    migration,
    sources,
    rejects,
    flags,
    clusters,
  ] = await Promise.all([
    first("publish_check", [q, id]),
    previousDistribution(),
    first("head_share", [q, String(opts.topShare)]),
    first("dedupe", [id]),
    first("tier_model", [id]),
    first("agreement", [id]),
    query(db, "stages", [id]),
    query(db, "tier_distribution", [q]),
    query(db, "migration", [q]),
    query(db, "source_counts", [id]),
    query(db, "rejects", [id]),
    query(db, "field_flags", [id]),
    query(db, "clusters", [q]),
  ]);
  const previousQuarter = previous.quarter;
  return {
    run,
    generatedAt: opts.generatedAt,
    stages: stages.map((s) => ({
      stage: str(s.stage),
      status: str(s.status),
      attempts: num(s.attempts),
      rows_in: numOrNull(s.rows_in),
      rows_out: numOrNull(s.rows_out),
      rows_rejected: numOrNull(s.rows_rejected),
      started_at: dateOrNull(s.started_at),
      finished_at: dateOrNull(s.finished_at),
    })),
    publish: {
      customers: num(pub?.customers),
      of_run: num(pub?.of_run),
      published_run_id: strOrNull(pub?.published_run_id),
      published_customers: numOrNull(pub?.published_customers),
    },
    current: tierCounts(current),
    previousQuarter,
    previous: tierCounts(previous.rows),
    head: {
      customers: num(head?.customers),
      head_customers: num(head?.head_customers),
      head_revenue_cny: num(head?.head_revenue_cny),
      total_revenue_cny: num(head?.total_revenue_cny),
    },
    migration: migration.map((m) => ({
      previous_tier: strOrNull(m.previous_tier),
      final_tier: str(m.final_tier),
      customers: num(m.customers),
    })),
    sources: sources.map((s) => ({
      source: str(s.source),
      entity: str(s.entity),
      extracted: num(s.extracted),
      accepted: numOrNull(s.accepted),
      rejected: numOrNull(s.rejected),
    })),
    rejects: rejects.map((r) => ({
      source: str(r.source),
      entity: str(r.entity),
      reason: str(r.reason),
      rows: num(r.rows),
    })),
    flags: flags.map((f) => ({
      source: str(f.source),
      entity: str(f.entity),
      flag: str(f.flag),
      rows: num(f.rows),
    })),
    dedupe: {
      source_rows: num(dedupe?.source_rows),
      golden_customers: num(dedupe?.golden_customers),
      merges: num(dedupe?.merges),
    },
    tierModel: model?.model ?? null,
    clusters: clusters.map((c) => ({
      cluster: numOrNull(c.cluster),
      customers: num(c.customers),
      avg_score: numOrNull(c.avg_score),
    })),
    agreement: {
      customers: num(agreement?.customers),
      compared: num(agreement?.compared),
      agreeing: num(agreement?.agreeing),
    },
  };
}

/**
 * Rows of a named statement in batches, through a server-side cursor on a connection of its own, read a
 * batch ahead of the writer (src/db/cursor.ts). A batch, not a row, per await: at L a million rows.
 */
async function* batchRows(db: Knex, name: string, bindings: readonly Knex.Value[]): AsyncGenerator<Row[]> {
  const native = db
    .raw(sqlFile(`report/${name}`), bindings)
    .toSQL()
    .toNative();
  const client = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    yield* cursorBatches<Row>(client, native.sql, native.bindings);
  } finally {
    // An abandoned iteration (an error while writing) closes its cursor above and gives the connection back.
    await db.client.releaseConnection(client);
  }
}

export async function* tierListRecords(
  db: Knex,
  quarter: string,
  tier: string,
): AsyncGenerator<CustomerRecord[]> {
  for await (const batch of batchRows(db, "tier_list", [quarter, tier]))
    yield batch.map((r) => ({
      customer_id: str(r.customer_id),
      customer_name: str(r.customer_name),
      region_code: strOrNull(r.region_code),
      score: num(r.score),
      revenue_cny: num(r.revenue_cny),
      gross_profit_cny: num(r.gross_profit_cny),
      order_count: num(r.order_count),
      recency_days: numOrNull(r.recency_days),
      previous_tier: strOrNull(r.previous_tier),
      final_tier: str(r.final_tier),
      rules_applied: r.rules_applied,
    }));
}

export async function* adjustmentRecords(
  db: Knex,
  quarter: string,
  tierOrder: readonly string[],
): AsyncGenerator<AdjustmentRecord[]> {
  for await (const batch of batchRows(db, "adjustments", [quarter, tierOrder.join(",")]))
    yield batch.map((r) => ({
      customer_id: str(r.customer_id),
      customer_name: str(r.customer_name),
      previous_tier: strOrNull(r.previous_tier),
      model_tier: str(r.model_tier),
      final_tier: str(r.final_tier),
      rules_applied: r.rules_applied,
      tags: Array.isArray(r.tags) ? r.tags.map(String) : null,
      is_override: r.is_override === true,
      override_reason: strOrNull(r.override_reason),
      override_approver: strOrNull(r.override_approver),
      override_kind: strOrNull(r.override_kind),
    }));
}
