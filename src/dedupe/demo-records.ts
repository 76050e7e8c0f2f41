// Generated demo customers as the dedupe stage would see them (cleaned in memory with the clean stage's
// own normaliser, rejects and repeated keys dropped), with the ground truth beside them: for the
// benchmark and tests, without databases. Pure.
import { cleanCustomer, type CleanContext, type RawCustomer } from "../clean/customer.js";
import type { DemoBatch } from "../demo/types.js";
import type { MatchRecord } from "./features.js";

export interface LabelledRecords {
  records: MatchRecord[];
  /** The golden entity of each record (same index). */
  entities: string[];
}

function erpRaw(r: DemoBatch["erpCustomers"][number]): RawCustomer {
  return {
    source_key: r.id,
    name: r.company_name,
    phone: r.phone,
    email: r.email,
    region: r.region,
    credit_code: r.credit_code,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

function crmRaw(r: DemoBatch["crmCustomers"][number]): RawCustomer {
  return {
    source_key: r.cust_no,
    name: r.name,
    phone: r.mobile,
    email: r.email,
    region: r.province,
    credit_code: r.uscc,
    created_at: r.created,
    updated_at: r.modified,
  };
}

/** Appends one generated batch's customers to `out`. */
export function addDemoBatch(
  batch: DemoBatch,
  ctx: CleanContext,
  out: LabelledRecords,
  seen: Set<string>,
): void {
  const truth = new Map(batch.entities.map((e) => [`${e.source}\u0000${e.source_key}`, e.entity_id]));
  const add = (source: "erp" | "crm", raw: RawCustomer) => {
    const result = cleanCustomer(raw, ctx);
    if (!result.ok) return;
    const id = `${source}\u0000${result.row.source_key}`;
    if (seen.has(id)) return; // an exact copy of a CRM row: the clean stage rejects it
    seen.add(id);
    const entity = truth.get(id);
    if (entity === undefined) return;
    out.records.push({ source, ...result.row });
    out.entities.push(entity);
  };
  for (const r of batch.erpCustomers) add("erp", erpRaw(r));
  for (const r of batch.crmCustomers) add("crm", crmRaw(r));
}

/** All customers of a generated data set, labelled. */
export function labelledRecords(batches: Iterable<DemoBatch>, ctx: CleanContext): LabelledRecords {
  const out: LabelledRecords = { records: [], entities: [] };
  const seen = new Set<string>();
  for (const b of batches) addDemoBatch(b, ctx, out, seen);
  return out;
}
