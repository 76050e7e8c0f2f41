// One extracted customer row → a clean row with flags, or a reject. Only a blank key or name
// rejects; any other bad field is nulled and flagged so the customer is kept.
import { companyNameKey, personOrCompanyDisplayName } from "./company.js";
import { normalizeCreditCode } from "./credit-code.js";
import { normalizeEmail } from "./email.js";
import { normalizePhone } from "./phone.js";
import type { FieldFlag } from "./reasons.js";
import { regionCode } from "./region.js";
import type { RegionTable } from "./region-table.js";
import { cleanKey, nullIfBlank } from "./text.js";
import { parseTimestamp } from "./time.js";

export interface RawCustomer {
  source_key: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  region: string | null;
  credit_code: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface CleanCustomer {
  source_key: string;
  name: string;
  name_key: string;
  phone_e164: string | null;
  email: string | null;
  region_code: string | null;
  credit_code: string | null;
  /** UTC ISO strings. */
  created_at: string | null;
  updated_at: string | null;
}

export interface CleanContext {
  /** IANA zone for timestamps without an offset (config `timezone`). */
  timezone: string;
  regions: RegionTable;
}

export type CustomerResult =
  { ok: true; row: CleanCustomer; flags: FieldFlag[] } | { ok: false; reason: "missing_key"; detail: string };

export function cleanCustomer(raw: RawCustomer, ctx: CleanContext): CustomerResult {
  const sourceKey = cleanKey(raw.source_key);
  const name = nullIfBlank(raw.name === null ? null : personOrCompanyDisplayName(raw.name));
  if (sourceKey === null || name === null) {
    const blank = [sourceKey === null && "source_key", name === null && "name"].filter(Boolean);
    return { ok: false, reason: "missing_key", detail: `${blank.join(" and ")} blank` };
  }
  const flags: FieldFlag[] = [];
  const row: CleanCustomer = {
    source_key: sourceKey,
    name,
    name_key: companyNameKey(name, ctx.regions),
    phone_e164: field(raw.phone, phoneE164, null, "invalid_phone", flags),
    email: field(raw.email, normalizeEmail, null, "invalid_email", flags),
    region_code: field(raw.region, regionCode, ctx.regions, "unknown_region", flags),
    credit_code: field(raw.credit_code, normalizeCreditCode, null, "invalid_credit_code", flags),
    created_at: field(raw.created_at, parseTimestamp, ctx.timezone, "invalid_timestamp", flags),
    updated_at: field(raw.updated_at, parseTimestamp, ctx.timezone, "invalid_timestamp", flags),
  };
  return { ok: true, row, flags };
}

const phoneE164 = (text: string): string | null => normalizePhone(text)?.e164 ?? null;

/**
 * Blank means unknown (null, no flag); non-blank but unusable is nulled and flagged (once per flag).
 * Module-level, the normaliser's second argument passed through: a closure per customer cost more
 * than most fields' normalising (at L, a million customers).
 */
function field<A>(
  value: string | null,
  normalise: (text: string, arg: A) => string | null,
  arg: A,
  flag: FieldFlag,
  flags: FieldFlag[],
): string | null {
  const text = nullIfBlank(value);
  if (text === null) return null;
  const result = normalise(text, arg);
  if (result === null && !flags.includes(flag)) flags.push(flag);
  return result;
}
