// Exact decimal and date formatting for generated rows; money is carried as integer cents until written.

export const DAY_MS = 86_400_000;
/** Asia/Shanghai has had no daylight saving since 1991: a fixed offset is exact for demo dates. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Integer cents → "1234.05" / "-0.50". */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const frac = abs - units * 100;
  return `${neg ? "-" : ""}${units}.${frac < 10 ? "0" : ""}${frac}`;
}

/** "1234.05" → 123405; the inverse of formatCents for the strings it writes. */
export function parseCents(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`parseCents: not a decimal with at most 2 places: ${JSON.stringify(text)}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

/** Thousandths → "12" / "12.5" / "0.125" (trailing zeros trimmed). */
export function formatMilli(milli: number): string {
  const units = Math.floor(milli / 1000);
  const frac = milli - units * 1000;
  if (frac === 0) return String(units);
  return `${units}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant as the naive Asia/Shanghai wall-clock "YYYY-MM-DD HH:MM:SS" a legacy CRM stores. */
export function shanghaiDateTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + SHANGHAI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** The instant `months` calendar months before/after `ms` (UTC calendar). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * A time on the Shanghai business day containing `ms`, between 08:30 and 18:30 local, whole seconds;
 * `u` in [0, 1) picks the moment.
 */
export function businessHours(ms: number, u: number): number {
  const localDay = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
  const start = localDay * DAY_MS - SHANGHAI_OFFSET_MS + 8.5 * 3_600_000;
  return start + Math.floor(u * 36_000) * 1000;
}
