// The metadata and filter SQL the extract runs on a source, per dialect: row estimate, key extremes,
// key sample, watermark, changed rows. Pure; identifiers come quoted from config through quoteIdent.
import { quoteIdent } from "../db/ident.js";
import type { EntityPlan } from "./mapping.js";
import { pgLiteral, type KeyRange, rangeCondition } from "./partition.js";
import type { SqlPart } from "./source-session.js";

const INTEGER_TYPES = new Set(["smallint", "integer", "bigint", "tinyint", "mediumint", "int"]);
const TEMPORAL_TYPES = new Set([
  "timestamp with time zone",
  "timestamp without time zone",
  "date",
  "datetime",
  "timestamp",
]);

export const isIntegerType = (type: string) => INTEGER_TYPES.has(type.toLowerCase());
export const isTemporalType = (type: string) => TEMPORAL_TYPES.has(type.toLowerCase());

const q = (plan: EntityPlan, name: string) => quoteIdent(name, plan.dialect);
const asText = (plan: EntityPlan, expr: string) =>
  plan.dialect === "pg" ? `(${expr})::text` : `CAST(${expr} AS CHAR)`;

/** The planner's row estimate (no scan): pg_class.reltuples (-1 if never analysed) or InnoDB's table_rows. */
export function rowEstimateSql(plan: EntityPlan): SqlPart {
  if (plan.dialect === "pg")
    return {
      sql: "SELECT c.reltuples::bigint::text FROM pg_class c WHERE c.oid = to_regclass(?)",
      bindings: [quoteIdent(plan.table)],
    };
  const [schema, name] = plan.table.includes(".") ? plan.table.split(".") : [null, plan.table];
  return {
    sql: `SELECT CAST(table_rows AS CHAR) FROM information_schema.tables
           WHERE table_schema = coalesce(?, database()) AND table_name = ?`,
    bindings: [schema as string, name as string],
  };
}

/**
 * '1' when the source enforces the column's uniqueness by itself (a unique index on it alone, no
 * predicate), '0' otherwise: the clean then need not look for repeated keys.
 */
export function uniqueColumnSql(plan: EntityPlan, column: string): SqlPart {
  if (plan.dialect === "pg")
    return {
      sql: `SELECT CASE WHEN EXISTS (
              SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
               WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indnkeyatts = 1
                 AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = ?) THEN '1' ELSE '0' END`,
      bindings: [quoteIdent(plan.table), column],
    };
  const [schema, name] = plan.table.includes(".") ? plan.table.split(".") : [null, plan.table];
  return {
    sql: `SELECT CASE WHEN EXISTS (
            SELECT 1 FROM information_schema.statistics
             WHERE table_schema = coalesce(?, database()) AND table_name = ? AND non_unique = 0
             GROUP BY index_name HAVING count(*) = 1 AND max(column_name) = ?) THEN '1' ELSE '0' END`,
    bindings: [schema as string, name as string, column],
  };
}

export function countSql(plan: EntityPlan): string {
  return `SELECT ${asText(plan, "count(*)")} FROM ${q(plan, plan.table)}`;
}

export function minMaxSql(plan: EntityPlan, column: string): string {
  const c = q(plan, column);
  return `SELECT ${asText(plan, `min(${c})`)}, ${asText(plan, `max(${c})`)} FROM ${q(plan, plan.table)}`;
}

/** About `fraction` of the key's values, sorted by the source so its collation orders text keys. */
export function sampleSql(plan: EntityPlan, column: string, fraction: number): SqlPart {
  const c = q(plan, column);
  const pct = Math.min(100, Math.max(0.0001, fraction * 100)).toFixed(4);
  if (plan.dialect === "pg")
    return {
      sql: `SELECT ${c}::text FROM ${q(plan, plan.table)} TABLESAMPLE BERNOULLI (${pct}) WHERE ${c} IS NOT NULL ORDER BY ${c}`,
      bindings: [],
    };
  return {
    sql: `SELECT ${c} FROM ${q(plan, plan.table)} WHERE ${c} IS NOT NULL AND RAND() < ${pct} / 100 ORDER BY ${c}`,
    bindings: [],
  };
}

/** The high-water mark: the latest change time in the source, rendered by the source as text. */
export function maxWatermarkSql(plan: EntityPlan, column: string): string {
  return `SELECT ${asText(plan, `max(${q(plan, column)})`)} FROM ${q(plan, plan.table)}`;
}

/** One partition's rows. */
export function rangeSelect(plan: EntityPlan, range: KeyRange, integerKey: boolean): SqlPart {
  if (!plan.partition || (range.lower === null && range.upper === null))
    return { sql: plan.sql, bindings: [] };
  const cond = rangeCondition(q(plan, plan.partition.column), range, plan.dialect, integerKey);
  return { sql: `${plan.sql} WHERE ${cond.sql}`, bindings: cond.bindings };
}

/**
 * Every row whose key changed since the watermark (less the lookback). All rows of such a key are read,
 * not only the changed ones, so a source without a unique key (copies of a row) replaces them all.
 */
export function changedSinceSelect(plan: EntityPlan, watermark: string): SqlPart {
  if (!plan.watermark) throw new Error(`${plan.source}.${plan.entity}: no watermark column`);
  const key = plan.columns.find((c) => c.field === "source_key")?.column;
  if (!key) throw new Error(`${plan.source}.${plan.entity}: no source_key column`);
  const table = q(plan, plan.table);
  const col = q(plan, plan.watermark.column);
  const secs = Math.floor(plan.watermark.lookbackSeconds);
  const since =
    plan.dialect === "pg"
      ? `${pgLiteral(watermark)}::timestamptz - interval '${secs} seconds'`
      : `CAST(? AS DATETIME(6)) - INTERVAL ${secs} SECOND`;
  const k = q(plan, key);
  return {
    sql: `${plan.sql} WHERE ${k} IN (SELECT ${k} FROM ${table} WHERE ${col} >= ${since})`,
    bindings: plan.dialect === "pg" ? [] : [watermark],
  };
}

/** How the clean may read a field: with a plain cast, because the source column's type guarantees it. */
export type TypedKind = "timestamptz" | "timestamp" | "numeric";
const TYPED_KINDS: Record<string, TypedKind> = {
  "timestamp with time zone": "timestamptz",
  "timestamp without time zone": "timestamp",
  date: "timestamp",
  numeric: "numeric",
  smallint: "numeric",
  integer: "numeric",
  bigint: "numeric",
};

/**
 * Fields read from typed Postgres columns, whose COPY text (TimeZone UTC, DateStyle ISO) always casts.
 * MySQL/MariaDB values pass through the driver and text(), so they stay untyped; floats are left out
 * because their text may use an exponent, which the untyped reading refuses.
 */
export function typedFields(plan: EntityPlan, types: Map<string, string>): Record<string, TypedKind> {
  const out: Record<string, TypedKind> = {};
  if (plan.dialect !== "pg") return out;
  for (const { field, column } of plan.columns) {
    const kind = column ? TYPED_KINDS[(types.get(column.toLowerCase()) ?? "").toLowerCase()] : undefined;
    if (kind) out[field] = kind;
  }
  return out;
}

/** An incremental extract's staging mixes its rows with its base run's: typed only where both were. */
export function typedInBoth(
  now: Record<string, TypedKind>,
  base: Record<string, string>,
): Record<string, TypedKind> {
  return Object.fromEntries(Object.entries(now).filter(([f, kind]) => base[f] === kind));
}
