// Makes every value written to the workbook inert: text that a spreadsheet could read as a formula is
// neutralised, contacts are masked on request, and values Excel cannot store are dropped. Pure.

export type CellValue = string | number | Date | null;

/** Excel's limit on characters in one cell. */
export const MAX_CELL_CHARS = 32_767;

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;
// Chinese mobiles and landlines, with or without +86 / 0086, spaces or dashes (as in src/log.ts).
const PHONE =
  /(?<![\w.])(?:\+?86[ -]?|0086[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![\w.])/g;

/** True when `text` would be read as a formula or starts with a control character. */
// Formula triggers (= + - @) and C0/C1 control characters (tab, CR, LF, ...), checked after NFKC so that
// full-width and compatibility forms (＝, ＋, ﹦) count as what a spreadsheet would make of them.
export function isDangerousText(text: string): boolean {
  // Most text starts with a printable ASCII character other than a trigger, or a CJK ideograph: NFKC
  // keeps such a first character what it is (whatever follows composes it into a letter at most), so the
  // answer is no without normalising the whole text (at L, a million names and ids).
  const first = text.charCodeAt(0);
  if (
    (first > 0x20 && first < 0x7f && first !== 0x3d && first !== 0x2b && first !== 0x2d && first !== 0x40) ||
    (first >= 0x4e00 && first <= 0x9fff)
  )
    return false;
  const c = text.normalize("NFKC").charCodeAt(0);
  if (Number.isNaN(c)) return false;
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/** Prefixes dangerous text with a single quote, so it shows as typed and is never evaluated. */
export function neutralise(text: string): string {
  return isDangerousText(text) ? `'${text}` : text;
}

/** Masks e-mail addresses (a***@domain) and phone numbers (138****78) inside free text. */
export function maskContacts(text: string): string {
  // An address needs an "@", a number at least ten digits (PHONE's shortest, 0 + 2 + 7).
  if (!text.includes("@") && digitCount(text, MIN_PHONE_DIGITS) < MIN_PHONE_DIGITS) return text;
  return text.replace(EMAIL, "$1***@$2").replace(PHONE, (m) => `${m.slice(0, 3)}****${m.slice(-2)}`);
}

const MIN_PHONE_DIGITS = 10;

/** ASCII digits in `text`, counted up to `enough`. */
function digitCount(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
}

export interface SafeCellOptions {
  maskContacts: boolean;
}

/** The value to write: strings neutralised (and masked), numbers and dates untouched, NaN/∞ dropped. */
export function safeCell(value: CellValue | undefined, opts: SafeCellOptions): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // The replace's lookarounds cost more than a look for any surrogate, which text seldom has.
  let text = SURROGATE.test(value) ? value.replace(LONE_SURROGATE, "\uFFFD") : value;
  if (opts.maskContacts) text = maskContacts(text);
  text = neutralise(text);
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS - 1) + "…" : text;
}
