// Where each part of a generated batch is written: the Postgres tables as COPY text (encoded here, per batch,
// without per-value dispatch: at 50M rows that is most of the seed's CPU) and the CRM rows as INSERT values.
import type { DemoBatch } from "./types.js";

export type SeedTableName =
  | "erp.customers"
  | "erp.orders"
  | "erp.order_lines"
  | "erp.payments"
  | "risk.credit_ratings"
  | "truth.customer_entities"
  | "truth.defects"
  | "truth.field_flags"
  | "crm.customers";

export interface PgSeedTable {
  readonly table: SeedTableName;
  readonly columns: readonly string[];
  /** The batch's rows for this table in COPY text format (tab-separated, \N for NULL, one line per row). */
  encode(batch: DemoBatch): string;
}

const SPECIAL = /[\\\t\n\r]/;

/** A nullable free-text value in COPY text format. Generated ids, numbers and codes never need escaping. */
export function copyText(v: string | null): string {
  if (v === null) return "\\N";
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

const DAY_MS = 86_400_000;
const dayCache = new Map<number, string>();

/** Date.toISOString() without its cost: timestamps cluster on few days, so the date part is cached. */
export function iso(d: Date): string {
  const ms = d.getTime();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayCache.get(day);
  if (prefix === undefined) {
    prefix = d.toISOString().slice(0, 11);
    if (dayCache.size > 20_000) dayCache.clear();
    dayCache.set(day, prefix);
  }
  const t = ms - day * DAY_MS;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const sec = Math.floor(t / 1000) % 60;
  const milli = t % 1000;
  return `${prefix}${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${sec < 10 ? "0" : ""}${sec}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

export const PG_TABLES: readonly PgSeedTable[] = [
  {
    table: "erp.customers",
    columns: ["id", "company_name", "phone", "email", "region", "credit_code", "created_at", "updated_at"],
    encode(b) {
      let s = "";
      for (const r of b.erpCustomers)
        s += `${r.id}\t${copyText(r.company_name)}\t${copyText(r.phone)}\t${copyText(r.email)}\t${copyText(r.region)}\t${copyText(r.credit_code)}\t${iso(r.created_at)}\t${iso(r.updated_at)}\n`;
      return s;
    },
  },
  {
    table: "erp.orders",
    columns: ["id", "customer_id", "ordered_at", "currency", "total_amount", "due_at"],
    encode(b) {
      let s = "";
      for (const r of b.orders)
        s += `${r.id}\t${r.customer_id}\t${iso(r.ordered_at)}\t${copyText(r.currency)}\t${r.total_amount}\t${iso(r.due_at)}\n`;
      return s;
    },
  },
  {
    table: "erp.order_lines",
    columns: ["id", "order_id", "sku", "quantity", "unit_price", "amount", "cost_amount"],
    encode(b) {
      let s = "";
      for (const r of b.orderLines)
        s += `${r.id}\t${r.order_id}\t${r.sku}\t${r.quantity}\t${r.unit_price}\t${r.amount}\t${r.cost_amount ?? "\\N"}\n`;
      return s;
    },
  },
  {
    table: "erp.payments",
    columns: ["id", "order_id", "amount", "paid_at"],
    encode(b) {
      let s = "";
      for (const r of b.payments) s += `${r.id}\t${r.order_id}\t${r.amount}\t${iso(r.paid_at)}\n`;
      return s;
    },
  },
  {
    table: "risk.credit_ratings",
    columns: ["id", "customer_id", "rating", "defaults_12m", "rated_at"],
    encode(b) {
      let s = "";
      for (const r of b.credits)
        s += `${r.id}\t${r.customer_id}\t${r.rating}\t${r.defaults_12m}\t${iso(r.rated_at)}\n`;
      return s;
    },
  },
  {
    table: "truth.customer_entities",
    columns: ["source", "source_key", "entity_id"],
    encode(b) {
      let s = "";
      for (const r of b.entities) s += `${r.source}\t${r.source_key}\t${r.entity_id}\n`;
      return s;
    },
  },
  {
    table: "truth.defects",
    columns: ["source", "entity", "source_key", "reason"],
    encode(b) {
      let s = "";
      for (const r of b.defects) s += `${r.source}\t${r.entity}\t${r.source_key}\t${r.reason}\n`;
      return s;
    },
  },
  {
    table: "truth.field_flags",
    columns: ["source", "entity", "source_key", "flag"],
    encode(b) {
      let s = "";
      for (const r of b.flags) s += `${r.source}\t${r.entity}\t${r.source_key}\t${r.flag}\n`;
      return s;
    },
  },
];

export type CrmValue = string | null;

export const CRM_COLUMNS = [
  "cust_no",
  "name",
  "mobile",
  "email",
  "province",
  "uscc",
  "created",
  "modified",
] as const;

/** The batch's CRM rows as flat INSERT values, CRM_COLUMNS.length per row. */
export function crmValues(b: DemoBatch): CrmValue[] {
  const out: CrmValue[] = [];
  for (const r of b.crmCustomers)
    out.push(r.cust_no, r.name, r.mobile, r.email, r.province, r.uscc, r.created, r.modified);
  return out;
}

/** Row counts per table of one batch ("crm.customers" is the CRM database's customers table). */
export function batchCounts(b: DemoBatch): Record<SeedTableName, number> {
  return {
    "erp.customers": b.erpCustomers.length,
    "erp.orders": b.orders.length,
    "erp.order_lines": b.orderLines.length,
    "erp.payments": b.payments.length,
    "risk.credit_ratings": b.credits.length,
    "truth.customer_entities": b.entities.length,
    "truth.defects": b.defects.length,
    "truth.field_flags": b.flags.length,
    "crm.customers": b.crmCustomers.length,
  };
}

/** `INSERT INTO t (cols) VALUES (?, …), (?, …)` for `rowCount` rows; table and columns arrive quoted. */
export function multiRowInsert(
  quotedTable: string,
  quotedColumns: readonly string[],
  rowCount: number,
): string {
  const one = `(${quotedColumns.map(() => "?").join(", ")})`;
  return `INSERT INTO ${quotedTable} (${quotedColumns.join(", ")}) VALUES ${Array(rowCount).fill(one).join(", ")}`;
}
