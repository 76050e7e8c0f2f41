// The data-quality sheet: extracted/accepted/rejected per source table, rejects by reason, flagged
// fields, duplicates merged and the publication check. Pure.
import type { ReportFacts, SourceCountFact } from "./facts.js";
import type { Block, ColumnSpec, ModelContext } from "./model.js";

/** extracted = accepted + rejected for a source table (unknown counts do not reconcile). */
export const sourceReconciles = (s: SourceCountFact): boolean =>
  s.accepted !== null && s.rejected !== null && s.extracted === s.accepted + s.rejected;

/** Every source table reconciles and the quarter's rows are all this run's. */
export function reconciliationOk(facts: ReportFacts): boolean {
  const p = facts.publish;
  const published = p.published_customers === null || p.published_customers === p.customers;
  return facts.sources.every(sourceReconciles) && p.of_run === p.customers && published;
}

const text = (header: string, width = 14): ColumnSpec => ({ header, kind: "text", width });
const int = (header: string, width = 14): ColumnSpec => ({ header, kind: "int", width });

export function qualitySheet(facts: ReportFacts, ctx: ModelContext): Block[] {
  const Q = ctx.labels.quality;
  const [sSource, sEntity, sExtracted, sAccepted, sRejected, sOk] = Q.sources.columns as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const sources: Block = {
    title: Q.sources.title,
    columns: [text(sSource), text(sEntity), int(sExtracted), int(sAccepted), int(sRejected), text(sOk)],
    rows: facts.sources.length
      ? facts.sources.map((s) => [
          s.source,
          s.entity,
          s.extracted,
          s.accepted,
          s.rejected,
          sourceReconciles(s) ? Q.ok : Q.mismatch,
        ])
      : [[Q.none, null, null, null, null, null]],
  };
  const [rSource, rEntity, rReason, rRows] = Q.rejects.columns as [string, string, string, string];
  const rejects: Block = {
    title: Q.rejects.title,
    columns: [text(rSource), text(rEntity), text(rReason, 24), int(rRows)],
    rows: facts.rejects.length
      ? facts.rejects.map((r) => [r.source, r.entity, r.reason, r.rows])
      : [[Q.none, null, null, 0]],
  };
  const [fSource, fEntity, fFlag, fRows] = Q.flags.columns as [string, string, string, string];
  const flags: Block = {
    title: Q.flags.title,
    columns: [text(fSource), text(fEntity), text(fFlag, 24), int(fRows)],
    rows: facts.flags.length
      ? facts.flags.map((f) => [f.source, f.entity, f.flag, f.rows])
      : [[Q.none, null, null, 0]],
  };
  const d = facts.dedupe;
  const dedupe: Block = {
    title: Q.dedupe.title,
    columns: [int(Q.dedupe.source_rows), int(Q.dedupe.golden), int(Q.dedupe.merged), int(Q.dedupe.merges)],
    rows: [[d.source_rows, d.golden_customers, Math.max(0, d.source_rows - d.golden_customers), d.merges]],
  };
  const p = facts.publish;
  const publish: Block = {
    title: Q.publish.title,
    columns: [
      int(Q.publish.quarter_rows),
      int(Q.publish.of_run),
      int(Q.publish.published),
      text(Q.publish.reconciliation),
    ],
    rows: [[p.customers, p.of_run, p.published_customers, reconciliationOk(facts) ? Q.ok : Q.mismatch]],
  };
  return [sources, rejects, flags, dedupe, publish];
}
