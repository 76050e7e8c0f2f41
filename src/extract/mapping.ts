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
  sql: string;
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
  return { source: source.name, entity, table: m.table, columns, sql };
}

/** Which mapped columns are missing from the source table's actual columns. */
export function missingColumns(plan: EntityPlan, actual: Iterable<string>): string[] {
  const have = new Set([...actual].map((c) => c.toLowerCase()));
  return plan.columns
    .filter((c) => c.column !== null && !have.has(c.column.toLowerCase()))
    .map((c) => c.column!);
}
