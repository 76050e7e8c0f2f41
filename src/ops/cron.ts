// Cron arithmetic for catch-up and `scheduler --list`. Pure: the clock never enters; localFields is
// the only function that turns an instant into wall-clock fields, and localInstant the way back.
import { parse } from "node-cron";
import { zoneOffsetMinutes } from "../runs/quarter.js";

/** An expression as value sets. Day-of-month and day-of-week must both match (node-cron semantics). */
export interface CronFields {
  second: ReadonlySet<number>;
  minute: ReadonlySet<number>;
  hour: ReadonlySet<number>;
  dayOfMonth: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dayOfWeek: ReadonlySet<number>;
}

/** Wall-clock time in a zone; month 1–12, dayOfWeek 0 (Sunday)–6. */
export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  dayOfWeek: number;
}

/** Parses a 5- or 6-field expression with node-cron's parser; special day tokens (L, W, #) are refused. */
export function parseCron(expr: string): CronFields {
  const p = parse(expr);
  const nums = (field: string, values: (number | string)[]): Set<number> => {
    if (values.some((v) => typeof v !== "number"))
      throw new Error(`cron ${JSON.stringify(expr)}: ${field} tokens like L, W or # are not supported`);
    return new Set(values as number[]);
  };
  return {
    second: nums("second", p.second),
    minute: nums("minute", p.minute),
    hour: nums("hour", p.hour),
    dayOfMonth: nums("day of month", p.dayOfMonth),
    month: nums("month", p.month),
    // node-cron accepts 7 for Sunday; fold it onto 0.
    dayOfWeek: new Set([...nums("day of week", p.dayOfWeek)].map((d) => d % 7)),
  };
}

export function localFields(at: Date, tz: string): LocalFields {
  const local = new Date(at.getTime() + zoneOffsetMinutes(at, tz) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    dayOfWeek: local.getUTCDay(),
  };
}

/** The instant of a wall-clock time in `tz` (a time in a DST gap or overlap gets a neighbouring one). */
export function localInstant(t: Omit<LocalFields, "dayOfWeek">, tz: string): Date {
  const guess = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const first = guess - zoneOffsetMinutes(new Date(guess), tz) * 60_000;
  return new Date(guess - zoneOffsetMinutes(new Date(first), tz) * 60_000);
}

export function matches(f: CronFields, t: LocalFields): boolean {
  return (
    f.second.has(t.second) &&
    f.minute.has(t.minute) &&
    f.hour.has(t.hour) &&
    f.dayOfMonth.has(t.day) &&
    f.month.has(t.month) &&
    f.dayOfWeek.has(t.dayOfWeek)
  );
}

const sorted = (s: ReadonlySet<number>, desc: boolean) => [...s].sort((a, b) => (desc ? b - a : a - b));

/** Walks calendar days from `at` (backwards or forwards) and yields matching instants in order. */
function* fires(f: CronFields, at: Date, tz: string, dir: -1 | 1, maxDays: number): Generator<Date> {
  const start = localFields(at, tz);
  const desc = dir < 0;
  const [hours, minutes, seconds] = [sorted(f.hour, desc), sorted(f.minute, desc), sorted(f.second, desc)];
  for (let d = 0; d <= maxDays; d++) {
    const day = new Date(Date.UTC(start.year, start.month - 1, start.day + dir * d));
    const [year, month, date] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (!f.month.has(month) || !f.dayOfMonth.has(date) || !f.dayOfWeek.has(day.getUTCDay())) continue;
    // On the first day, skip whole hours and minutes on the wrong side of `at` before doing zone math.
    const beyond = (v: number, ref: number) => d === 0 && (desc ? v > ref : v < ref);
    for (const hour of hours) {
      if (beyond(hour, start.hour)) continue;
      for (const minute of minutes) {
        if (hour === start.hour && beyond(minute, start.minute)) continue;
        for (const second of seconds) {
          const instant = localInstant({ year, month, day: date, hour, minute, second }, tz);
          if (dir < 0 ? instant.getTime() <= at.getTime() : instant.getTime() > at.getTime()) yield instant;
        }
      }
    }
  }
}

/** The latest fire at or before `at`, looking back at most `maxDays` days (default: two years). */
export function previousFire(f: CronFields, at: Date, tz: string, maxDays = 731): Date | null {
  for (const instant of fires(f, at, tz, -1, maxDays)) return instant;
  return null;
}

/** The next `count` fires strictly after `after`. */
export function nextFires(f: CronFields, after: Date, tz: string, count: number, maxDays = 1500): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  for (const instant of fires(f, after, tz, 1, maxDays)) {
    out.push(instant);
    if (out.length >= count) break;
  }
  return out;
}
