// Decides, per golden customer, where it appears (ERP, CRM, duplicated) and how it behaves:
// heavy-tailed value, order pattern over the two years before the anchor, margin, payment habits, risk.
import { addMonths, DAY_MS } from "./format.js";
import type { GoldenIdentity } from "./identity.js";
import type { Rng } from "./prng.js";

export type OrderPattern = "stable" | "growing" | "declining" | "churned" | "never";
export type Currency = "CNY" | "USD" | "HKD" | "EUR";

export interface GoldenPlan {
  readonly index: number;
  readonly entityId: string;
  readonly identity: GoldenIdentity;
  readonly inErp: boolean;
  /** A second ERP row for the same company (entered again under another id). */
  readonly erpDuplicate: boolean;
  readonly inCrm: boolean;
  /** A second CRM row under another cust_no. */
  readonly crmDuplicate: boolean;
  readonly createdMs: number;
  /** Pareto-distributed relative value: drives order size and frequency. */
  readonly value: number;
  readonly pattern: OrderPattern;
  /** Expected orders over the two-year window. */
  readonly orderRate: number;
  readonly margin: number;
  /** 0 (safe) … 1 (about to default): drives rating, lateness and bad debt. */
  readonly risk: number;
  readonly currency: Currency;
  readonly termsDays: number;
  readonly englishName: boolean;
}

export interface PlanWindow {
  readonly anchorMs: number;
  /** Two years before the anchor: the oldest order date. */
  readonly windowStartMs: number;
}

export function planWindow(anchor: Date): PlanWindow {
  const anchorMs = anchor.getTime();
  return { anchorMs, windowStartMs: addMonths(anchorMs, -24) };
}

/** Zero-padded id with at least `min` digits ("G0000042"). */
export function padId(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, "0");
}

export function planGolden(
  rng: Rng,
  identity: GoldenIdentity,
  index: number,
  width: number,
  w: PlanWindow,
): GoldenPlan {
  const crmOnly = rng.chance(0.15);
  const inErp = !crmOnly;
  const inCrm = crmOnly || rng.chance(0.25);
  const erpDuplicate = inErp && rng.chance(0.045);
  const crmDuplicate = inCrm && rng.chance(0.02);

  // A quarter of customers joined within the two-year window; the rest are older relationships.
  const ageDays = rng.chance(0.25) ? rng.int(20, 730) : rng.int(731, 2900);
  const createdMs = w.anchorMs - ageDays * DAY_MS - rng.int(0, 86_399) * 1000;

  const value = Math.min(rng.pareto(1, 1.2), 3000);
  const p = rng.next();
  const pattern: OrderPattern = !inErp
    ? "never"
    : p < 0.03
      ? "never"
      : p < 0.53
        ? "stable"
        : p < 0.73
          ? "growing"
          : p < 0.88
            ? "declining"
            : "churned";
  const orderRate = Math.min(8.2 * Math.pow(value, 0.3) * rng.lognormal(0, 0.8), 400);

  const risk = Math.min(1, Math.max(0, rng.normal(0.3, 0.2) + (value < 1.3 ? 0.05 : 0)));
  const foreign = identity.province.code === "810000" || identity.province.code === "820000";
  const c = rng.next();
  const currency: Currency = foreign
    ? c < 0.8
      ? "HKD"
      : "CNY"
    : c < 0.05
      ? "USD"
      : c < 0.065
        ? "EUR"
        : "CNY";

  return {
    index,
    entityId: padId("G", index + 1, width),
    identity,
    inErp,
    erpDuplicate,
    inCrm,
    crmDuplicate,
    createdMs,
    value,
    pattern,
    orderRate,
    margin: Math.min(0.6, Math.max(-0.05, rng.normal(0.24, 0.09))),
    risk,
    currency,
    termsDays: rng.pick([30, 30, 45, 60, 60, 90]),
    englishName: currency === "USD" || currency === "EUR" ? rng.chance(0.4) : rng.chance(0.01),
  };
}
