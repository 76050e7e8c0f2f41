// Plans how a large source table is split into key ranges read in parallel, and renders a range as SQL.
// Pure: the service measures the key (min/max, or a sample the source sorted) and passes it in.

/** Half-open range of the partition key: lower ≤ key < upper; null is unbounded on that side. */
export interface KeyRange {
  index: number;
  lower: string | null;
  upper: string | null;
}

export type KeyStats =
  /** An integer key: its extremes as decimal strings (null when the table is empty). */
  | { kind: "integer"; min: string | null; max: string | null; rows: number }
  /** Any other key: a sample of its values, sorted ascending by the source (its collation decides). */
  | { kind: "sample"; sample: readonly string[]; rows: number };

export const MAX_PARTITIONS = 1024;
const WHOLE: readonly KeyRange[] = [{ index: 0, lower: null, upper: null }];

/** How many ranges `rows` need at `rowsPerPartition` each (1 for a table that fits in one). */
export function partitionCount(rows: number, rowsPerPartition: number): number {
  if (!(rows > rowsPerPartition)) return 1;
  return Math.min(MAX_PARTITIONS, Math.ceil(rows / rowsPerPartition));
}

/**
 * Ranges that together cover every key exactly once: the first is open below, the last open above,
 * so keys outside the measured extremes (rows added since) still land in one range.
 */
export function planRanges(stats: KeyStats, rowsPerPartition: number): KeyRange[] {
  const wanted = partitionCount(stats.rows, rowsPerPartition);
  if (wanted === 1) return [...WHOLE];
  const bounds = stats.kind === "integer" ? integerBounds(stats, wanted) : sampleBounds(stats.sample, wanted);
  return toRanges(bounds);
}

/** Evenly spaced integer boundaries between min and max (BigInt: keys may exceed 2^53). */
function integerBounds(stats: { min: string | null; max: string | null }, wanted: number): string[] {
  if (stats.min === null || stats.max === null) return [];
  const min = BigInt(stats.min);
  const max = BigInt(stats.max);
  const span = max - min + 1n;
  if (span <= 1n) return [];
  const n = BigInt(wanted) < span ? BigInt(wanted) : span;
  const width = (span + n - 1n) / n;
  const out: string[] = [];
  for (let b = min + width; b <= max; b += width) out.push(b.toString());
  return out;
}

/** Every (len / wanted)-th sampled value; equal neighbours collapse, so a heavy key stays in one range. */
function sampleBounds(sample: readonly string[], wanted: number): string[] {
  const out: string[] = [];
  for (let i = 1; i < wanted; i++) {
    const v = sample[Math.floor((i * sample.length) / wanted)];
    if (v !== undefined && v !== out.at(-1) && v !== sample[0]) out.push(v);
  }
  return out;
}

function toRanges(bounds: readonly string[]): KeyRange[] {
  if (bounds.length === 0) return [...WHOLE];
  const edges = [null, ...bounds, null];
  return edges.slice(0, -1).map((lower, index) => ({ index, lower, upper: edges[index + 1] ?? null }));
}

/** A Postgres string literal. COPY (SELECT …) TO cannot take bound parameters, so values are inlined. */
export function pgLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("a partition boundary cannot contain a NUL character");
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The WHERE condition for a range on `quotedColumn`. Integer bounds are checked digits and inlined;
 * other bounds are Postgres literals or MySQL `?` bindings. Rows whose key is NULL go to the first range.
 */
export function rangeCondition(
  quotedColumn: string,
  range: KeyRange,
  dialect: "pg" | "mysql",
  integer: boolean,
): { sql: string; bindings: string[] } {
  const bindings: string[] = [];
  const value = (v: string) => {
    if (integer) {
      if (!/^-?\d+$/.test(v)) throw new Error(`integer partition boundary expected, got ${v}`);
      return v;
    }
    if (dialect === "pg") return pgLiteral(v);
    bindings.push(v);
    return "?";
  };
  const parts: string[] = [];
  if (range.lower !== null) parts.push(`${quotedColumn} >= ${value(range.lower)}`);
  if (range.upper !== null) parts.push(`${quotedColumn} < ${value(range.upper)}`);
  if (parts.length === 0) return { sql: "TRUE", bindings };
  const sql = parts.join(" AND ");
  return { sql: range.lower === null ? `(${sql} OR ${quotedColumn} IS NULL)` : sql, bindings };
}

/** Where partition `index` starts numbering its rows, so row numbers never collide across partitions. */
export const ROWS_PER_PARTITION_NUMBERING = 10_000_000_000;
export function rowNoBase(index: number): number {
  return index * ROWS_PER_PARTITION_NUMBERING;
}
