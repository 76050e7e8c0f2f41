// Which runs' bulky intermediates retention deletes, and why every other run keeps them. Pure: the
// shell (retention.ts) reads the ledger and the extract watermarks, this decides.
import type { RunKind } from "../runs/kinds.js";
import type { Stage } from "../runs/quarter.js";

/**
 * The per-source-row tables a prune empties for a run, core first. Every run of either kind fills them,
 * and at 10 M source rows each copy is the warehouse's bulk. The per-customer tables a re-tier adds
 * (core.int_customer_xref, int_customers_golden, customer_features, customer_tiers, customer_merges)
 * stay: they are small, only re-tiers write them, and the report, `retier score` and a rerun from tier
 * onwards read them. marts, the ledger, rejects, models, reports and outboxes are never touched.
 */
export const PRUNED_TABLES = [
  "core.int_customers",
  "core.int_orders",
  "core.int_order_lines",
  "core.int_payments",
  "core.int_credit",
  "staging.stg_customers",
  "staging.stg_orders",
  "staging.stg_order_lines",
  "staging.stg_payments",
  "staging.stg_credit",
] as const;
export type PrunedTable = (typeof PRUNED_TABLES)[number];

/** Stages that read a run's pruned tables: a pruned run can run them again only after its extract. */
export const STAGES_READING_PRUNED: readonly Stage[] = ["clean", "dedupe", "features"];

export interface RetentionPolicy {
  /** The newest this many runs of each kind keep their rows whatever their status. */
  keep_sync_runs: number;
  keep_retier_runs: number;
}

export interface RetentionRun {
  run_id: string;
  kind: RunKind;
  quarter: string;
  status: string;
  created_at: Date;
  pruned_at: Date | null;
  /** Set when a prune finished; pruned_at without it is a prune that was interrupted. */
  pruned_rows: string | number | null;
  /** Its extract stage succeeded or was skipped: the run no longer reads any other run's staging. */
  extract_done: boolean;
}

/** One row of etl.extract_watermarks. */
export interface RetentionExtract {
  run_id: string;
  source: string;
  entity: string;
  extracted_at: Date;
  base_run_id: string | null;
}

export interface RetentionDecision {
  run_id: string;
  kind: RunKind;
  quarter: string;
  status: string;
  created_at: Date;
  prune: boolean;
  /** Why it is pruned or kept, for `retier prune` and the log. */
  reason: string;
  /** Kept only because of a protection, though outside its kind's keep window. */
  beyond_window: boolean;
}

const ACTIVE = new Set(["queued", "running"]);
/** A run that did not finish can still be retried (cancelled ones too), reusing its earlier stages' rows. */
const UNFINISHED = new Set(["failed", "cancelled"]);

const newestFirst = (a: RetentionRun, b: RetentionRun) =>
  b.created_at.getTime() - a.created_at.getTime() || (a.run_id < b.run_id ? 1 : -1);

/**
 * Extracts an incremental extract continues from (sql/extract/latest_watermark.sql: the latest per
 * source table). An active run may already have read the latest of its own start and be carrying its
 * rows forward after a newer extract landed, so from the earliest active run's creation on, every
 * extract stays, with the latest before it.
 */
function protectedExtracts(
  runs: readonly RetentionRun[],
  extracts: readonly RetentionExtract[],
): Map<string, string> {
  const since = Math.min(...runs.filter((r) => ACTIVE.has(r.status)).map((r) => r.created_at.getTime()));
  const byTable = new Map<string, RetentionExtract[]>();
  for (const e of extracts) {
    const key = `${e.source}.${e.entity}`;
    byTable.set(key, [...(byTable.get(key) ?? []), e]);
  }
  const out = new Map<string, string>();
  for (const [table, list] of byTable) {
    const before = list.filter((e) => e.extracted_at.getTime() < since);
    const latest = Math.max(...before.map((e) => e.extracted_at.getTime()));
    for (const e of list) {
      const t = e.extracted_at.getTime();
      if (t === latest && !out.has(e.run_id))
        out.set(e.run_id, `latest extract of ${table}: the next incremental extract continues from it`);
      else if (t >= since && !out.has(e.run_id))
        out.set(
          e.run_id,
          `extract of ${table} since an active run started: it may be carrying its rows forward`,
        );
    }
  }
  return out;
}

/**
 * Decides for every run not yet fully pruned. Kept: active runs; the newest runs of each kind; the
 * extracts incremental extracts continue from; a failed or cancelled run until a later run of its kind
 * (a re-tier: of its quarter) succeeded, as a retry reuses its rows; and the base run of any kept run
 * whose extract is unfinished. Everything else is pruned, and an interrupted prune is finished.
 */
export function planRetention(
  runs: readonly RetentionRun[],
  extracts: readonly RetentionExtract[],
  policy: RetentionPolicy,
): RetentionDecision[] {
  const keepCount: Record<RunKind, number> = {
    sync: policy.keep_sync_runs,
    retier: policy.keep_retier_runs,
  };
  const sorted = [...runs].sort(newestFirst);
  const rank = new Map<string, number>();
  const seen: Record<string, number> = {};
  for (const r of sorted) rank.set(r.run_id, (seen[r.kind] = (seen[r.kind] ?? 0) + 1));
  const extractsKept = protectedExtracts(runs, extracts);
  const supersededBy = (r: RetentionRun) =>
    sorted.find(
      (o) =>
        o.kind === r.kind &&
        o.status === "succeeded" &&
        o.created_at > r.created_at &&
        (r.kind === "sync" || o.quarter === r.quarter),
    );

  const keep = new Map<string, string>();
  const prune = new Map<string, string>();
  for (const r of sorted) {
    const window = keepCount[r.kind];
    if (ACTIVE.has(r.status)) keep.set(r.run_id, `active (${r.status})`);
    else if (r.pruned_at && r.pruned_rows === null) prune.set(r.run_id, "an earlier prune did not finish");
    else if (r.pruned_at) continue;
    else if (rank.get(r.run_id)! <= window) keep.set(r.run_id, `one of the newest ${window} ${r.kind} runs`);
    else if (extractsKept.has(r.run_id)) keep.set(r.run_id, extractsKept.get(r.run_id)!);
    else if (UNFINISHED.has(r.status)) {
      const by = supersededBy(r);
      if (by) prune.set(r.run_id, `${r.status}, superseded by ${by.run_id}`);
      else
        keep.set(
          r.run_id,
          `${r.status} and no later ${r.kind} run${r.kind === "retier" ? ` of ${r.quarter}` : ""} succeeded: a retry reuses its rows`,
        );
    } else prune.set(r.run_id, `beyond the newest ${window} ${r.kind} runs`);
  }

  // A kept run still extracting (or to retry its extract) may read its recorded base's staging.
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  for (let changed = true; changed;) {
    changed = false;
    for (const e of extracts) {
      const owner = byId.get(e.run_id);
      if (!e.base_run_id || !keep.has(e.run_id) || owner?.extract_done || !prune.has(e.base_run_id)) continue;
      // An interrupted prune has already made the base unusable; finishing it loses nothing more.
      if (byId.get(e.base_run_id)?.pruned_at) continue;
      prune.delete(e.base_run_id);
      keep.set(e.base_run_id, `base of run ${e.run_id}, whose extract is unfinished`);
      changed = true;
    }
  }

  return sorted
    .filter((r) => keep.has(r.run_id) || prune.has(r.run_id))
    .map((r) => ({
      run_id: r.run_id,
      kind: r.kind,
      quarter: r.quarter,
      status: r.status,
      created_at: r.created_at,
      prune: prune.has(r.run_id),
      reason: prune.get(r.run_id) ?? keep.get(r.run_id)!,
      beyond_window: keep.has(r.run_id) && rank.get(r.run_id)! > keepCount[r.kind],
    }));
}
