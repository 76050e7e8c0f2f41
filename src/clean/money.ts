// Money as exact decimals: parsed into a BigInt of units at a decimal scale, never a float.
// Amounts are stored with two decimals, rounded half-up (half away from zero).
import { normalizeText } from "./text.js";

export interface Decimal {
  /** The value × 10^scale, exactly. */
  units: bigint;
  scale: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const MAX_LENGTH = 64;

/** An exact decimal from text like "1,234.50", "１２３４.５", " 12 ", "¥12元", "-0.5"; null otherwise. Never throws. */
export function parseDecimal(input: string): Decimal | null {
  let text = normalizeText(input)
    .replace(/\s/gu, "")
    .replace(/[\u2212\uFE63]/gu, "-") // minus signs NFKC leaves alone
    .replace(/^([+-]?)¥/u, "$1")
    .replace(/元$/u, "");
  if (text.length > MAX_LENGTH) return null;
  if (text.includes(",")) {
    if (!GROUPED.test(text)) return null;
    text = text.replace(/,/g, "");
  }
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, sign = "", whole = "", fraction = ""] = match;
  if (whole === "" && fraction === "") return null;
  const units = BigInt(`${whole}${fraction}` || "0");
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/** Whole cents, rounding half away from zero. */
export function toCents(d: Decimal): bigint {
  if (d.scale <= 2) return d.units * 10n ** BigInt(2 - d.scale);
  const divisor = 10n ** BigInt(d.scale - 2);
  const abs = d.units < 0n ? -d.units : d.units;
  const cents = abs / divisor + (2n * (abs % divisor) >= divisor ? 1n : 0n);
  return d.units < 0n ? -cents : cents;
}

export function formatCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  const digits = abs.toString().padStart(3, "0");
  return `${cents < 0n ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A normalised amount with two decimals ("1234.50"), or null when the text is not a number. Never throws. */
export function parseMoney(input: string): string | null {
  const d = parseDecimal(input);
  return d ? formatCents(toCents(d)) : null;
}

/** Cents of an amount string, or null when it is not a number. */
export function moneyToCents(input: string): bigint | null {
  const d = parseDecimal(input);
  return d ? toCents(d) : null;
}

/**
 * |a − b| > tolerance, computed exactly at the finest scale of the three (no rounding to cents).
 * A number tolerance (from YAML) is read to 10 decimals. Throws RangeError on a non-decimal argument.
 */
export function differsByMoreThan(a: string, b: string, tolerance: string | number): boolean {
  const tol =
    typeof tolerance === "number" && Number.isFinite(tolerance) ? tolerance.toFixed(10) : String(tolerance);
  const [x, y, t] = [a, b, tol].map((s) => {
    const d = parseDecimal(s);
    if (!d) throw new RangeError(`expected a decimal number, got "${s}"`);
    return d;
  }) as [Decimal, Decimal, Decimal];
  const scale = Math.max(x.scale, y.scale, t.scale);
  const at = (d: Decimal) => d.units * 10n ** BigInt(scale - d.scale);
  const diff = at(x) - at(y);
  return (diff < 0n ? -diff : diff) > at(t);
}
