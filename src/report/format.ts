// Small pure helpers shared by the report model: wall-clock time in a zone, tier moves, rule ids,
// sheet names Excel accepts.
import { zoneOffsetMs } from "../time/zone.js";

/**
 * The instant `at` as a Date whose UTC fields are the wall-clock time in `tz`. exceljs writes a Date
 * by its UTC value, so this is what makes a cell show Shanghai time rather than UTC.
 */
export const wallClock = (at: Date, tz: string): Date =>
  new Date(at.getTime() + zoneOffsetMs(at.getTime(), tz));

export const dateOrNull = (at: Date | null | undefined, tz: string): Date | null =>
  at ? wallClock(at, tz) : null;

/** ↑ / ↓ / → (unchanged; "=" would read as a formula) between two tiers ranked by `order` (highest first); `newLabel` when there is no previous tier. */
export function tierMove(
  order: readonly string[],
  from: string | null,
  to: string,
  newLabel: string,
): string {
  if (from === null) return newLabel;
  if (from === to) return "→";
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return "≠";
  return b < a ? "↑" : "↓";
}

/**
 * Rule ids out of a rules_applied jsonb value, whatever shape the tier stage chose: ["id", ...],
 * [{ id | rule | rule_id, ... }, ...], { id: ... } or a map of id → detail.
 */
export function ruleIds(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value))
    return value.flatMap((v) => (typeof v === "object" && v !== null ? idOf(v) : ruleIds(v)));
  if (typeof value === "object") {
    const r = value as Record<string, unknown>;
    const id = r.id ?? r.rule ?? r.rule_id ?? r.ruleId;
    return typeof id === "string" || typeof id === "number" ? [String(id)] : Object.keys(r);
  }
  return [String(value)];
}

function idOf(o: object): string[] {
  const r = o as Record<string, unknown>;
  const id = r.id ?? r.rule ?? r.rule_id ?? r.ruleId;
  if (typeof id === "string" || typeof id === "number") return [String(id)];
  return Object.keys(r).length ? [JSON.stringify(r)] : [];
}

/** Details a rule entry carries about itself (description / reason / effect), keyed by rule id. */
export function ruleDetails(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(value)) return out;
  for (const v of value) {
    if (typeof v !== "object" || v === null) continue;
    const r = v as Record<string, unknown>;
    const [id] = idOf(r);
    const text = r.description ?? r.reason ?? r.why ?? r.effect;
    if (id && typeof text === "string" && text) out.set(id, text);
  }
  return out;
}

/** A worksheet name Excel accepts (≤ 31 characters, none of : \ / ? * [ ]), unique among `taken`. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, "_")
      .replace(/^'+|'+$/g, "")
      .slice(0, 31) || "Sheet";
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** a / b, or null when b is 0 (a share of nothing is not 0%). */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export const toNumber = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));

/** Excel's column letters of a 1-based column number (1 → A, 27 → AA). */
export function colLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
