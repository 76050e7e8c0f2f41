// The demo source generator: golden customers → dirty ERP/CRM rows, orders, payments, ratings and ground truth,
// streamed in batches. Pure and deterministic: the same (customers, seed, anchor) gives the same rows, byte for byte.
import { generateCredit } from "./credit-rows.js";
import { renderCustomerRows } from "./customer-rows.js";
import { DAY_MS } from "./format.js";
import { padId, planGolden, planWindow } from "./golden-plan.js";
import { IdentityAllocator } from "./identity.js";
import { generateOrders, type OrderProfile } from "./order-rows.js";
import { hash32, Rng } from "./prng.js";
import type { DemoBatch, DemoParams } from "./types.js";

export type * from "./types.js";

/** Bump when the generated data changes, so an existing demo seed is recognised as stale. */
export const GENERATOR_VERSION = "1";
export const MAX_DEMO_CUSTOMERS = 5_000_000;

export interface GenerateOptions {
  /** Golden customers per batch (default 100: about 1 000 orders, small enough to die young in the GC). */
  batchSize?: number;
}

export function validateDemoParams(p: DemoParams): void {
  if (!Number.isInteger(p.customers) || p.customers < 1 || p.customers > MAX_DEMO_CUSTOMERS)
    throw new Error(`demo customers must be an integer in [1, ${MAX_DEMO_CUSTOMERS}], got ${p.customers}`);
  if (!Number.isSafeInteger(p.seed)) throw new Error(`demo seed must be a safe integer, got ${p.seed}`);
  if (!(p.anchor instanceof Date) || Number.isNaN(p.anchor.getTime()))
    throw new Error(`demo anchor must be a valid Date, got ${String(p.anchor)}`);
  const scale = p.orderScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10)
    throw new Error(`demo order scale must be a number in (0, 10], got ${String(p.orderScale)}`);
}

export function emptyBatch(goldenDone: number): DemoBatch {
  return {
    goldenDone,
    erpCustomers: [],
    crmCustomers: [],
    orders: [],
    orderLines: [],
    payments: [],
    credits: [],
    entities: [],
    defects: [],
    flags: [],
  };
}

const digits = (n: number) => String(n).length;

/** Yields the demo data set in batches of `batchSize` golden customers; memory stays flat at any size. */
export function* generateDemo(params: DemoParams, opts: GenerateOptions = {}): Generator<DemoBatch> {
  validateDemoParams(params);
  const { customers, seed } = params;
  const batchSize = opts.batchSize ?? 100;
  const window = planWindow(params.anchor);
  const allocator = new IdentityAllocator(seed, customers);
  // Fixed widths so text ids sort in creation order; each golden customer uses at most 3 ERP ids and 2 CRM numbers.
  const goldenWidth = Math.max(7, digits(customers));
  const erpWidth = Math.max(7, digits(3 * customers));
  const crmWidth = Math.max(6, digits(2 * customers));
  let erpSeq = 0;
  let crmSeq = 0;
  let orderSeq = 0;
  let lineSeq = 0;
  let paymentSeq = 0;
  let creditSeq = 0;
  const customerIds = {
    nextErpId: () => padId("E", ++erpSeq, erpWidth),
    nextCrmNo: () => padId("CRM-", ++crmSeq, crmWidth),
  };
  const orderIds = {
    nextOrderId: () => ++orderSeq,
    nextLineId: () => ++lineSeq,
    nextPaymentId: () => ++paymentSeq,
  };
  const nextCreditId = () => ++creditSeq;
  const orderScale = params.orderScale ?? 1;
  // At scale 1 the profile passes through untouched, so the default data set stays byte for byte the same.
  const scaled = (p: OrderProfile): OrderProfile =>
    orderScale === 1 ? p : { ...p, orderRate: p.orderRate * orderScale };

  for (let start = 0; start < customers; start += batchSize) {
    const end = Math.min(customers, start + batchSize);
    const out = emptyBatch(end);
    for (let index = start; index < end; index++) {
      const rng = new Rng(hash32(seed, index, 0x5eed));
      const identity = allocator.allocate(rng, index);
      const plan = planGolden(rng, identity, index, goldenWidth, window);
      // Now and then a customer was deleted from the ERP but its orders were not: orphans.
      if (rng.chance(0.008)) {
        const deletedId = customerIds.nextErpId();
        const profile: OrderProfile = {
          createdMs: window.windowStartMs - 30 * DAY_MS,
          value: rng.pareto(1, 1.5),
          pattern: "stable",
          orderRate: rng.int(1, 8),
          margin: 0.2,
          risk: 0.4,
          currency: "CNY",
          termsDays: 30,
        };
        generateOrders(rng, scaled(profile), [deletedId], window, orderIds, out, "orphan_order");
      }
      const rendered = renderCustomerRows(rng, plan, customerIds, window, out);
      generateOrders(rng, scaled(plan), rendered.orderIds, window, orderIds, out);
      if (rendered.creditId) generateCredit(rng, plan, rendered.creditId, window, nextCreditId, out);
    }
    yield out;
  }
}
