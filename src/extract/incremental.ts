// Full or incremental extraction, decided per source table from the watermark an earlier run left. Pure.
// Incremental: read only rows whose key changed since that run's watermark, then lay them over that run's
// staged rows, so the run still stages every source row exactly once (updated rows replace old ones).
import { DataError } from "../errors.js";
import type { EntityPlan } from "./mapping.js";

export const EXTRACT_MODES = ["full", "incremental"] as const;
export type ExtractMode = (typeof EXTRACT_MODES)[number];

/** The run parameter `mode` ("full" when absent). */
export function parseMode(value: unknown): ExtractMode {
  if (value === undefined || value === null) return "full";
  if (typeof value === "string" && (EXTRACT_MODES as readonly string[]).includes(value))
    return value as ExtractMode;
  throw new DataError(`run parameter mode: expected "full" or "incremental", got ${JSON.stringify(value)}`);
}

/** What an earlier extract of the same source table recorded (etl.extract_watermarks). */
export interface PreviousExtract {
  run_id: string;
  watermark: string | null;
  watermark_column: string | null;
  mapping: string;
  rows_total: string | number;
  /** Fields its staged rows read from typed columns (see source-sql.ts typedFields). */
  typed_fields: Record<string, string>;
  source_key_unique: boolean;
}

export type EntityMode =
  | { kind: "full"; why: string }
  | { kind: "incremental"; baseRunId: string; since: string; baseMaxRowNo: number };

/**
 * Incremental only when everything the delta relies on holds: a watermark column, an earlier extract
 * with the same mapping and column, and that run's staged rows still all there (`baseRows`).
 */
export function decideMode(
  mode: ExtractMode,
  plan: EntityPlan,
  previous: PreviousExtract | undefined,
  base: { rows: number; maxRowNo: number } | undefined,
): EntityMode {
  if (mode === "full") return { kind: "full", why: "full extract requested" };
  if (!plan.watermark) return { kind: "full", why: "no updated_at or incremental.column mapped" };
  if (!previous) return { kind: "full", why: "no earlier extract to continue from" };
  if (previous.mapping !== plan.sql || previous.watermark_column !== plan.watermark.column)
    return { kind: "full", why: `mapping changed since run ${previous.run_id}` };
  if (previous.watermark === null) return { kind: "full", why: `run ${previous.run_id} saw an empty table` };
  if (!base || base.rows !== Number(previous.rows_total))
    return { kind: "full", why: `staged rows of run ${previous.run_id} are no longer complete` };
  return {
    kind: "incremental",
    baseRunId: previous.run_id,
    since: previous.watermark,
    baseMaxRowNo: base.maxRowNo,
  };
}
