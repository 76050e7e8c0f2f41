// Reads a run's rejected rows for `retier rejects`: a summary by source, table and reason, and the rows
// themselves in pages keyed by reject_id, so a run with millions of rejects streams in constant memory.
import type { Db } from "../db/warehouse.js";
import { REASON_DESCRIPTIONS } from "./reasons.js";

export interface RejectFilter {
  source?: string;
  entity?: string;
  reason?: string;
}

export interface RejectSummaryRow {
  source: string;
  entity: string;
  reason: string;
  rows: number;
  meaning: string;
}

export interface RejectRow {
  reject_id: string;
  source: string;
  entity: string;
  source_key: string | null;
  reason: string;
  detail: string | null;
  raw: Record<string, unknown>;
}

function where(db: Db, runId: string, f: RejectFilter) {
  const q = db("etl.rejects").where({ run_id: runId });
  if (f.source) q.where({ source: f.source });
  if (f.entity) q.where({ entity: f.entity });
  if (f.reason) q.where({ reason: f.reason });
  return q;
}

/** Rows per source, table and reason (the index on run_id, reason makes this cheap), with what each means. */
export async function rejectSummary(
  db: Db,
  runId: string,
  f: RejectFilter = {},
): Promise<RejectSummaryRow[]> {
  const rows = (await where(db, runId, f)
    .groupBy("source", "entity", "reason")
    .orderBy(["source", "entity", "reason"])
    .select("source", "entity", "reason")
    .count({ rows: "*" })) as { source: string; entity: string; reason: string; rows: string }[];
  return rows.map((r) => ({
    ...r,
    rows: Number(r.rows),
    meaning: (REASON_DESCRIPTIONS as Record<string, string>)[r.reason] ?? "",
  }));
}

/** One page of rejected rows after `after` (a reject_id), oldest first. */
export async function rejectPage(
  db: Db,
  runId: string,
  f: RejectFilter,
  page: { after?: string; limit: number },
): Promise<RejectRow[]> {
  const q = where(db, runId, f).orderBy("reject_id").limit(page.limit);
  if (page.after) q.where("reject_id", ">", page.after);
  return q.select("reject_id", "source", "entity", "source_key", "reason", "detail", "raw");
}

/** Every rejected row matching the filter, fetched a page at a time. */
export async function* allRejects(
  db: Db,
  runId: string,
  f: RejectFilter,
  pageSize = 5000,
): AsyncGenerator<RejectRow> {
  let after: string | undefined;
  for (;;) {
    const rows = await rejectPage(db, runId, f, { after, limit: pageSize });
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.reject_id;
  }
}

/** One line per rejected row: id, table, key, reason (detail), then the raw source values. */
export function formatReject(r: RejectRow): string {
  const detail = r.detail ? ` (${r.detail})` : "";
  return `${r.reject_id}  ${r.source}.${r.entity}  ${r.source_key ?? "(no key)"}  ${r.reason}${detail}  ${JSON.stringify(r.raw)}`;
}
