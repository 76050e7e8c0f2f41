// Small hand-written customer records for the dedupe unit tests, and the region table they need.
import { loadRegionTable } from "../../../src/clean/reference.js";
import { configSchema } from "../../../src/config/schema.js";
import type { MatchRecord } from "../../../src/dedupe/features.js";
import type { DedupeConfig } from "../../../src/dedupe/scoring.js";

export const regions = await loadRegionTable();

let seq = 0;

/** A record with every field null but the name; `name_key` defaults to the name. */
export function rec(fields: Partial<MatchRecord> & { name: string }): MatchRecord {
  seq++;
  return {
    source: "erp",
    source_key: `K${String(seq).padStart(5, "0")}`,
    name_key: fields.name,
    phone_e164: null,
    email: null,
    region_code: null,
    credit_code: null,
    updated_at: null,
    created_at: null,
    ...fields,
  };
}

/** The dedupe section as the schema fills it in from just the source priority. */
export function dedupeConfig(overrides: Partial<DedupeConfig> = {}): DedupeConfig {
  const parsed = configSchema.shape.dedupe.parse({ source_priority: ["crm", "erp"] });
  return { ...parsed, ...overrides };
}
