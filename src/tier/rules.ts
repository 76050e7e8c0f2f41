// The business rule engine: ordered rules from config (conditions are data, never eval'd) adjust a
// customer's tier, then manual overrides and approved appeals apply last. Pure.
import type { Rule, RuleCondition, RuleTest, TierConfig } from "../config/schema.js";
import { ConfigError, DataError } from "../errors.js";

export type FieldValue = string | number | null | undefined;
/** What rules can test: a plain record, or a lookup (the batch run uses one to avoid a merged object per customer). */
export type RuleFields = Readonly<Record<string, FieldValue>> | ((field: string) => FieldValue);

function lookup(fields: RuleFields, name: string): FieldValue {
  if (typeof fields === "function") return fields(name);
  return Object.hasOwn(fields, name) ? fields[name] : undefined; // never Object.prototype's members
}

export type RuleAction = "set" | "floor" | "cap" | "max_drop" | "tag";

/** One rule that fired (its condition held), whether or not it changed the tier. */
export interface RuleApplied {
  rule: string;
  action: RuleAction;
  before: string;
  after: string;
  /** The tag a `tag` rule added. */
  tag?: string;
  /** Why, for overrides and appeals. */
  reason?: string;
  approver?: string;
}

export interface Override {
  tier: string;
  reason: string;
  approver: string;
  /** Recorded as rule "override:<kind>", e.g. manual, appeal. */
  kind: string;
}

export interface RuleOutcome {
  tier: string;
  applied: RuleApplied[];
  tags: string[];
}

type Scalar = string | number | boolean;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A finite number for numbers and numeric strings ("12", "1e3"); NaN for anything else. */
function asNumber(v: Scalar): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && NUMERIC.test(v)) return Number(v);
  return NaN;
}

/** Numbers compare as numbers (so "5" equals 5); anything else compares as text, exactly. */
function equal(a: Scalar, b: Scalar): boolean {
  const x = asNumber(a);
  const y = asNumber(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x === y;
  return String(a) === String(b);
}

function list(value: RuleTest["value"]): Scalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A missing field (absent, null, NaN) fails every test except is_null, ne and not_in: ne and
 * not_in are the exact negations of eq and in, so "credit_rating ne D" holds for an unrated
 * customer. Ordering tests (gt, gte, lt, lte) need two numbers and are false otherwise.
 */
function test(t: RuleTest, fields: RuleFields): boolean {
  const raw = lookup(fields, t.field);
  const missing = raw === null || raw === undefined || (typeof raw === "number" && Number.isNaN(raw));
  switch (t.op) {
    case "is_null":
      return missing;
    case "not_null":
      return !missing;
    case "eq":
      return !missing && t.value !== undefined && !Array.isArray(t.value) && equal(raw, t.value);
    case "ne":
      return !test({ ...t, op: "eq" }, fields);
    case "in":
      return !missing && list(t.value).some((v) => equal(raw, v));
    case "not_in":
      return !test({ ...t, op: "in" }, fields);
    default: {
      if (missing || t.value === undefined || Array.isArray(t.value)) return false;
      const a = asNumber(raw);
      const b = asNumber(t.value);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      if (t.op === "gt") return a > b;
      if (t.op === "gte") return a >= b;
      if (t.op === "lt") return a < b;
      return a <= b;
    }
  }
}

export function evaluateCondition(c: RuleCondition, fields: RuleFields): boolean {
  if ("all" in c) return c.all.every((x) => evaluateCondition(x, fields));
  if ("any" in c) return c.any.some((x) => evaluateCondition(x, fields));
  return test(c, fields);
}

/** Tier codes, highest first; index 0 is the best tier. */
export type TierOrder = readonly string[];

export function tierOrder(tiers: readonly Pick<TierConfig, "code">[]): TierOrder {
  return tiers.map((t) => t.code);
}

function indexOf(order: TierOrder, code: string, where: string): number {
  const i = order.indexOf(code);
  if (i < 0) throw new ConfigError(`${where}: unknown tier ${code}; expected one of ${order.join(", ")}`);
  return i;
}

/**
 * Applies the rules in order, each to the tier the previous ones produced, so order matters: a
 * `max_drop` listed after a `cap` can lift a capped customer back up. max_drop is measured from the
 * `previous_tier` field and does nothing when it is missing or not a known tier (a new customer).
 */
export function applyRules(
  tier: string,
  fields: RuleFields,
  rules: readonly Rule[],
  order: TierOrder,
): RuleOutcome {
  return applyFired(
    tier,
    (k) => evaluateCondition(rules[k]!.when, fields),
    () => lookup(fields, "previous_tier"),
    rules,
    order,
  );
}

/**
 * applyRules with the conditions already decided: `fired(k)` tells whether rule k's condition held.
 * Conditions read only the customer's fields, never the tier the earlier rules produced, so the batch
 * run can test them once per customer and apply each distinct fired set once (see rule-outcomes.ts).
 */
export function applyFired(
  tier: string,
  fired: (k: number) => boolean,
  previousTier: () => FieldValue,
  rules: readonly Rule[],
  order: TierOrder,
): RuleOutcome {
  let cur = indexOf(order, tier, "model tier");
  const applied: RuleApplied[] = [];
  const tags: string[] = [];
  for (let k = 0; k < rules.length; k++) {
    if (!fired(k)) continue;
    const r = rules[k]!;
    const before = order[cur]!;
    const then = r.then;
    let action: RuleAction;
    let tag: string | undefined;
    if ("set" in then) {
      action = "set";
      cur = indexOf(order, then.set, `rule ${r.id}`);
    } else if ("floor" in then) {
      action = "floor"; // at least this good
      cur = Math.min(cur, indexOf(order, then.floor, `rule ${r.id}`));
    } else if ("cap" in then) {
      action = "cap"; // at most this good
      cur = Math.max(cur, indexOf(order, then.cap, `rule ${r.id}`));
    } else if ("max_drop" in then) {
      action = "max_drop";
      const prev = previousTier();
      const p = typeof prev === "string" ? order.indexOf(prev) : -1;
      if (p >= 0) cur = Math.min(cur, Math.min(p + then.max_drop, order.length - 1));
    } else {
      action = "tag";
      tag = then.tag;
      if (!tags.includes(tag)) tags.push(tag);
    }
    const entry: RuleApplied = { rule: r.id, action, before, after: order[cur]! };
    if (tag !== undefined) entry.tag = tag;
    applied.push(entry);
  }
  return { tier: order[cur]!, applied, tags };
}

/**
 * Manual overrides and approved appeals, in the order given (the last one wins). They come after
 * every rule because a person has decided. An override naming an unknown tier is a data error:
 * someone must fix or expire it rather than have it silently ignored.
 */
export function applyOverrides(
  current: string,
  overrides: readonly Override[],
  order?: TierOrder,
): { tier: string; applied: RuleApplied[]; isOverride: boolean } {
  let tier = current;
  const applied: RuleApplied[] = [];
  for (const o of overrides) {
    if (order && !order.includes(o.tier))
      throw new DataError(
        `override (${o.kind}, approved by ${o.approver}): unknown tier ${o.tier}; expected one of ${order.join(", ")}`,
      );
    applied.push({
      rule: `override:${o.kind}`,
      action: "set",
      before: tier,
      after: o.tier,
      reason: o.reason,
      approver: o.approver,
    });
    tier = o.tier;
  }
  return { tier, applied, isOverride: overrides.length > 0 };
}
