// Validates `retier override add` input: a configured tier, a kind, non-empty reason and approver, real
// calendar dates with from ≤ to. Pure; the caller supplies today's date in the configured time zone.
import type { TierOrder } from "./rules.js";

export const OVERRIDE_KINDS = ["override", "appeal"] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

export interface OverrideInput {
  customerId: string;
  tier: string;
  reason: string;
  approver: string;
  kind: OverrideKind;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null: until removed. */
  validTo: string | null;
}

export interface RawOverrideInput {
  customer?: string;
  tier?: string;
  reason?: string;
  approver?: string;
  kind?: string;
  from?: string;
  to?: string;
}

/** A real calendar date as YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Returns the checked input, or throws one error listing every problem. */
export function validateOverride(raw: RawOverrideInput, order: TierOrder, today: string): OverrideInput {
  const problems: string[] = [];
  const text = (v: string | undefined, name: string): string => {
    const t = (v ?? "").trim();
    if (!t) problems.push(`--${name}: expected a non-empty value`);
    return t;
  };
  const customerId = text(raw.customer, "customer");
  const reason = text(raw.reason, "reason");
  const approver = text(raw.approver, "approver");
  const tier = (raw.tier ?? "").trim();
  if (!order.includes(tier)) problems.push(`--tier: expected one of ${order.join(", ")}, got "${tier}"`);
  const kind = (raw.kind ?? "override").trim();
  if (!(OVERRIDE_KINDS as readonly string[]).includes(kind))
    problems.push(`--kind: expected one of ${OVERRIDE_KINDS.join(", ")}, got "${kind}"`);
  const validFrom = (raw.from ?? today).trim();
  if (!isCalendarDate(validFrom)) problems.push(`--from: expected a date YYYY-MM-DD, got "${validFrom}"`);
  const validTo = raw.to === undefined ? null : raw.to.trim();
  if (validTo !== null && !isCalendarDate(validTo))
    problems.push(`--to: expected a date YYYY-MM-DD, got "${validTo}"`);
  else if (validTo !== null && isCalendarDate(validFrom) && validTo < validFrom)
    problems.push(`--to: ${validTo} is before --from ${validFrom}`);
  if (problems.length) throw new Error(`override not recorded:\n  ${problems.join("\n  ")}`);
  return { customerId, tier, reason, approver, kind: kind as OverrideKind, validFrom, validTo };
}
