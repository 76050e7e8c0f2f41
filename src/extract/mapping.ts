// Builds the read-only SELECT for one source entity from its config mapping. Pure.
import { CANONICAL_FIELDS, type EntityName, type SourceConfig } from "../config/schema.js";
import { quoteIdent } from "../db/ident.js";

export const STAGING_TABLE: Record<EntityName, string> = {
  customer: "staging.stg_customers",
  order: "staging.stg_orders",
  order_line: "staging.stg_order_lines",
  payment: "staging.stg_payments",
  credit: "staging.stg_credit",
};

export interface EntityPlan {
  source: string;
  entity: EntityName;
  table: string;
  /** Canonical field → source column, or null when the mapping leaves it out. */
  columns: { field: string; column: string | null }[];
  /** The whole table; source-sql.ts narrows it to a key range or to changed rows. */
  sql: string;
  dialect: "pg" | "mysql";
  /** Present when the mapping asks for key-range partitions. */
  partition: { column: string; rowsPerPartition: number } | null;
  /** The column incremental sync compares with the watermark: `incremental.column`, else the updated_at mapping. */
  watermark: { column: string; lookbackSeconds: number } | null;
}

export function planEntity(source: SourceConfig, entity: EntityName): EntityPlan | null {
  const m = source.entities[entity];
  if (!m?.table) return null;
  const dialect = source.client === "pg" ? "pg" : "mysql";
  const columns = CANONICAL_FIELDS[entity].map((field) => ({ field, column: m.columns[field] ?? null }));
  // Every output column is aliased to its canonical field, so rows can be read by name.
  const select = columns
    .map(({ field, column }) => {
      const expr =
        column === null
          ? dialect === "pg"
            ? "NULL::text"
            : "NULL"
          : dialect === "pg"
            ? `${quoteIdent(column)}::text`
            : quoteIdent(column, "mysql");
      return `${expr} AS ${quoteIdent(field, dialect)}`;
    })
    .join(", ");
  const sql = `SELECT ${select} FROM ${quoteIdent(m.table, dialect)}`;
  const updatedAt = m.incremental?.column ?? (m.columns as Record<string, string | undefined>).updated_at;
  return {
    source: source.name,
    entity,
    table: m.table,
    columns,
    sql,
    dialect,
    partition: m.partition
      ? { column: m.partition.column, rowsPerPartition: m.partition.rows_per_partition }
      : null,
    watermark: updatedAt
      ? { column: updatedAt, lookbackSeconds: m.incremental?.lookback_seconds ?? DEFAULT_LOOKBACK_SECONDS }
      : null,
  };
}

/** Re-reads rows changed this long before the watermark: transactions still open at the last sync. */
export const DEFAULT_LOOKBACK_SECONDS = 300;

/** Source columns the extract reads besides the mapped ones (partition key, watermark column). */
export function extraColumns(plan: EntityPlan): string[] {
  return [plan.partition?.column, plan.watermark?.column].filter((c): c is string => !!c);
}

/** Which mapped columns are missing from the source table's actual columns. */
export function missingColumns(plan: EntityPlan, actual: Iterable<string>): string[] {
  const have = new Set([...actual].map((c) => c.toLowerCase()));
  const wanted = [...plan.columns.map((c) => c.column), ...extraColumns(plan)];
  return [...new Set(wanted)].filter((c): c is string => c !== null && !have.has(c.toLowerCase()));
}
