// The reconciliation invariant, per source table: extracted = accepted + rejected, and the reject
// rate stays under the configured threshold. Pure.

export interface TableCount {
  source: string;
  entity: string;
  extracted: string | number;
  accepted: string | number | null;
  rejected: string | number | null;
}

export interface Reconciliation {
  extracted: number;
  accepted: number;
  rejected: number;
  tables: {
    source: string;
    entity: string;
    extracted: number;
    accepted: number;
    rejected: number;
    rejectRate: number;
    ok: boolean;
  }[];
  problems: string[];
}

export function reconcile(counts: TableCount[], maxRejectRate: number): Reconciliation {
  const out: Reconciliation = { extracted: 0, accepted: 0, rejected: 0, tables: [], problems: [] };
  for (const c of counts) {
    const extracted = Number(c.extracted);
    const accepted = Number(c.accepted ?? 0);
    const rejected = Number(c.rejected ?? 0);
    const rejectRate = extracted ? rejected / extracted : 0;
    const balanced = extracted === accepted + rejected;
    const ok = balanced && rejectRate <= maxRejectRate;
    if (!balanced)
      out.problems.push(
        `${c.source}.${c.entity}: extracted ${extracted} ≠ accepted ${accepted} + rejected ${rejected}`,
      );
    if (rejectRate > maxRejectRate)
      out.problems.push(
        `${c.source}.${c.entity}: reject rate ${(rejectRate * 100).toFixed(1)}% is over the ${(maxRejectRate * 100).toFixed(1)}% limit (clean.max_reject_rate)`,
      );
    out.tables.push({ source: c.source, entity: c.entity, extracted, accepted, rejected, rejectRate, ok });
    out.extracted += extracted;
    out.accepted += accepted;
    out.rejected += rejected;
  }
  return out;
}
