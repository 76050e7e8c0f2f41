// Generates a customer's ERP orders, order lines and payments over the two years before the anchor,
// injecting order defects (one reason per defective order) and recording them with their children.
import { businessHours, DAY_MS, formatCents, formatMilli } from "./format.js";
import type { Currency, GoldenPlan, OrderPattern, PlanWindow } from "./golden-plan.js";
import type { Rng } from "./prng.js";
import type { DemoBatch, RejectReason } from "./types.js";

/** Approximate CNY per unit, only to size foreign-currency orders realistically. */
const RATE: Readonly<Record<Currency, number>> = { CNY: 1, USD: 7.1, EUR: 7.7, HKD: 0.91 };
/** A small catalogue, so line SKUs repeat like real products (and cost no string building per line). */
const SKUS: readonly string[] = Array.from(
  { length: 2000 },
  (_, k) => `SKU-${String(10007 + k * 37).padStart(5, "0")}`,
);
export const UNKNOWN_CURRENCIES: readonly string[] = ["XYZ", "QQQ", "ZZZ"];

export interface OrderIds {
  nextOrderId(): number;
  nextLineId(): number;
  nextPaymentId(): number;
}

/** The customer traits order generation needs (a golden plan, or a made-up deleted customer). */
export type OrderProfile = Pick<
  GoldenPlan,
  "createdMs" | "value" | "pattern" | "orderRate" | "margin" | "risk" | "currency" | "termsDays"
>;

function shape(pattern: OrderPattern, t: number): number {
  if (pattern === "growing") return 0.3 + 1.4 * t;
  if (pattern === "declining") return 1.7 - 1.4 * t;
  return 1;
}

/** Order times (sorted) drawn from the customer's activity curve over its active part of the window. */
function orderTimes(rng: Rng, p: OrderProfile, w: PlanWindow): number[] {
  if (p.pattern === "never") return [];
  const windowLen = w.anchorMs - w.windowStartMs;
  const start = Math.max(w.windowStartMs, p.createdMs);
  // Churned customers stopped ordering at least a year before the anchor.
  const end = p.pattern === "churned" ? w.anchorMs - rng.int(366, 540) * DAY_MS : w.anchorMs;
  if (end <= start) return [];
  const n = rng.poisson((p.orderRate * (end - start)) / windowLen);
  const times: number[] = [];
  while (times.length < n) {
    const at = start + rng.next() * (end - start);
    if (rng.next() * 1.7 > shape(p.pattern, (at - w.windowStartMs) / windowLen)) continue;
    let t = businessHours(at, rng.next());
    if (t >= end) t -= DAY_MS;
    times.push(Math.max(t, start));
  }
  return times.sort((a, b) => a - b);
}

function pickDefect(rng: Rng): RejectReason | null {
  const x = rng.next();
  if (x < 0.003) return "negative_amount";
  if (x < 0.008) return "total_mismatch";
  if (x < 0.0105) return "future_date";
  if (x < 0.0135) return "unknown_currency";
  return null;
}

export function generateOrders(
  rng: Rng,
  p: OrderProfile,
  customerIds: readonly string[],
  w: PlanWindow,
  ids: OrderIds,
  out: DemoBatch,
  forced: RejectReason | null = null,
): void {
  if (customerIds.length === 0) return;
  for (const time of orderTimes(rng, p, w)) {
    const defect = forced ?? pickDefect(rng);
    const orderId = ids.nextOrderId();
    const customerId =
      customerIds.length > 1 && rng.chance(0.3) ? (customerIds[1] as string) : (customerIds[0] as string);
    const currency: Currency = p.currency !== "CNY" && rng.chance(0.15) ? "CNY" : p.currency;
    const orderedAt =
      defect === "future_date" ? businessHours(w.anchorMs + rng.int(365, 730) * DAY_MS, rng.next()) : time;
    const targetCents = Math.max(
      500,
      Math.round((300_000 * Math.pow(p.value, 0.7) * rng.lognormal(0, 0.6)) / RATE[currency]),
    );
    const sign = defect === "negative_amount" ? -1 : 1;

    const lineCount = Math.min(12, 1 + rng.poisson(1.5));
    const shares: number[] = [];
    let shareSum = 0;
    for (let k = 0; k < lineCount; k++) {
      const share = rng.next() + 0.2;
      shares.push(share);
      shareSum += share;
    }
    let total = 0;
    let firstLineId = 0;
    for (let k = 0; k < lineCount; k++) {
      const lineTarget = (targetCents * (shares[k] as number)) / shareSum;
      const qMilli = rng.chance(0.15)
        ? rng.int(100, 500_000)
        : Math.min(5000, Math.floor(rng.lognormal(2, 1)) + 1) * 1000;
      const price = Math.max(1, Math.round((lineTarget * 1000) / qMilli));
      const amount = Math.round((qMilli * price) / 1000);
      const costRatio = 1 - p.margin + (rng.next() + rng.next() - 1) * 0.08;
      const lineId = ids.nextLineId();
      if (k === 0) firstLineId = lineId;
      out.orderLines.push({
        id: lineId,
        order_id: orderId,
        sku: SKUS[rng.int(0, SKUS.length - 1)] as string,
        quantity: formatMilli(qMilli),
        unit_price: formatCents(sign * price),
        amount: formatCents(sign * amount),
        cost_amount: rng.chance(0.005)
          ? null
          : formatCents(sign * Math.max(0, Math.round(amount * costRatio))),
      });
      total += sign * amount;
    }
    if (defect === "total_mismatch") {
      const delta = Math.max(100, Math.round(Math.abs(total) * (0.01 + 0.2 * rng.next())));
      total = rng.chance(0.5) || total - delta <= 0 ? total + delta : total - delta;
    }

    out.orders.push({
      id: orderId,
      customer_id: customerId,
      ordered_at: new Date(orderedAt),
      currency: defect === "unknown_currency" ? rng.pick(UNKNOWN_CURRENCIES) : currency,
      total_amount: formatCents(total),
      due_at: new Date(orderedAt + p.termsDays * DAY_MS),
    });
    const paymentIds =
      defect === "negative_amount" || defect === "future_date"
        ? []
        : payments(rng, p, orderId, orderedAt, total, w, ids, out);

    if (defect) {
      out.defects.push({ source: "erp", entity: "order", source_key: String(orderId), reason: defect });
      for (let id = firstLineId; id < firstLineId + lineCount; id++)
        out.defects.push({
          source: "erp",
          entity: "order_line",
          source_key: String(id),
          reason: "parent_rejected",
        });
      for (const id of paymentIds)
        out.defects.push({
          source: "erp",
          entity: "payment",
          source_key: String(id),
          reason: "parent_rejected",
        });
    }
  }
}

/** Pays an order once (sometimes in two instalments), on time or late by the customer's habits; unpaid if after the anchor. */
function payments(
  rng: Rng,
  p: OrderProfile,
  orderId: number,
  orderedAt: number,
  total: number,
  w: PlanWindow,
  ids: OrderIds,
  out: DemoBatch,
): number[] {
  if (rng.chance(0.008 + 0.3 * Math.max(0, p.risk - 0.55))) return []; // bad debt
  const late = rng.chance(0.05 + 0.6 * p.risk * p.risk);
  const delayDays = late
    ? p.termsDays + -Math.log(1 - rng.next()) * (10 + 60 * p.risk)
    : p.termsDays * (0.2 + 0.8 * rng.next());
  const paidAt = businessHours(orderedAt + delayDays * DAY_MS, rng.next());
  const parts: [number, number][] = [];
  if (rng.chance(0.08)) {
    const first = Math.round(total * (0.3 + 0.4 * rng.next()));
    const firstAt = Math.max(orderedAt + DAY_MS, paidAt - rng.int(5, 30) * DAY_MS);
    parts.push([first, firstAt], [total - first, Math.max(paidAt, firstAt + DAY_MS)]);
  } else {
    parts.push([total, paidAt]);
  }
  const paid: number[] = [];
  for (const [amount, at] of parts) {
    if (at >= w.anchorMs) break; // not yet paid at quarter end
    const id = ids.nextPaymentId();
    out.payments.push({ id, order_id: orderId, amount: formatCents(amount), paid_at: new Date(at) });
    paid.push(id);
  }
  return paid;
}
