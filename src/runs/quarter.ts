// Quarters and evaluation windows in the configured time zone. Pure: time comes in as arguments.
import { zoneOffsetMs } from "../time/zone.js";

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

export const STAGES = ["extract", "clean", "dedupe", "features", "tier", "load", "report", "email"] as const;
export type Stage = (typeof STAGES)[number];

export function parseQuarter(text: string): Quarter {
  const m = /^(\d{4})Q([1-4])$/.exec(text.trim());
  if (!m) throw new Error(`expected a quarter like 2026Q3, got ${JSON.stringify(text)}`);
  return { year: Number(m[1]), q: Number(m[2]) as Quarter["q"] };
}

export const formatQuarter = (x: Quarter): string => `${x.year}Q${x.q}`;

export function addQuarters(x: Quarter, n: number): Quarter {
  const idx = x.year * 4 + (x.q - 1) + n;
  return { year: Math.floor(idx / 4), q: ((idx % 4) + 1) as Quarter["q"] };
}

/** Offset of `tz` from UTC at instant `at`, in minutes (Asia/Shanghai → 480). */
export const zoneOffsetMinutes = (at: Date, tz: string): number =>
  Math.round(zoneOffsetMs(at.getTime(), tz) / 60000);

/** The UTC instant of local midnight on year-month(1-based)-day in `tz`. */
export function localMidnight(year: number, month: number, day: number, tz: string): Date {
  const guess = new Date(Date.UTC(year, month - 1, day));
  const first = new Date(guess.getTime() - zoneOffsetMinutes(guess, tz) * 60000);
  // Re-evaluate at the found instant: the offset can differ across a DST change.
  return new Date(guess.getTime() - zoneOffsetMinutes(first, tz) * 60000);
}

/** [start, end) of the quarter as UTC instants of local midnights. */
export function quarterBounds(x: Quarter, tz: string): { start: Date; end: Date } {
  const next = addQuarters(x, 1);
  return {
    start: localMidnight(x.year, (x.q - 1) * 3 + 1, 1, tz),
    end: localMidnight(next.year, (next.q - 1) * 3 + 1, 1, tz),
  };
}

/** The evaluation window: the `months` before the quarter's end, and the same length before that. */
export function evaluationWindow(x: Quarter, months: number, tz: string) {
  const end = quarterBounds(x, tz).end;
  const endMonthIdx = addQuarters(x, 1).year * 12 + (addQuarters(x, 1).q - 1) * 3;
  const at = (idx: number) => localMidnight(Math.floor(idx / 12), (idx % 12) + 1, 1, tz);
  return { start: at(endMonthIdx - months), end, previousStart: at(endMonthIdx - 2 * months) };
}

/** The quarter containing instant `at` in `tz`. */
export function quarterOf(at: Date, tz: string): Quarter {
  const local = new Date(at.getTime() + zoneOffsetMinutes(at, tz) * 60000);
  return { year: local.getUTCFullYear(), q: (Math.floor(local.getUTCMonth() / 3) + 1) as Quarter["q"] };
}

/** Local calendar date (YYYY-MM-DD) of an instant in `tz`. */
export function localDate(at: Date, tz: string): string {
  return new Date(at.getTime() + zoneOffsetMinutes(at, tz) * 60000).toISOString().slice(0, 10);
}
