// Source timestamps to UTC ISO strings. Text without an offset ("2026-03-01 12:00:00", MariaDB
// dateStrings) is wall-clock time in the configured zone; zone offsets come from Intl, not a tz library.
import { utcMs, zoneOffsetMs } from "../time/zone.js";
import { normalizeText } from "./text.js";

// Re-exported: callers that parse source timestamps read offsets from here too.
export { zoneOffsetMs };

const TIMESTAMP =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?))?)?$/i;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_CACHED_DAYS = 100_000;
const steadyOffsets = new Map<string, Map<number, number | null>>();

/**
 * UTC ISO string ("2026-03-01T04:00:00.000Z", millisecond precision, extra digits truncated) for
 * "2026-03-01 12:00:00[.ffffff]", "2026-03-01T12:00:00+08:00", Postgres "2026-03-01 12:00:00+08",
 * "…Z" or a bare date (midnight in the zone); null when unparseable or not a real date. Never throws
 * on text; a zone Intl does not know throws RangeError (configuration is validated before this).
 */
export function parseTimestamp(input: string, timeZone: string): string | null {
  const utc = fromPostgresUtc(input);
  if (utc !== undefined) return utc;
  // Text that already reads as a timestamp (a typed column's, mostly) normalises to itself: skip the work.
  const match = TIMESTAMP.exec(input) ?? TIMESTAMP.exec(normalizeText(input));
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, "0").slice(0, 3));
  // Date.UTC reads years 0–99 as 1900–1999; utcMs does not, at a few times the cost.
  const wall =
    (year >= 100
      ? Date.UTC(year, month - 1, day, hour, minute, second)
      : utcMs(year, month, day, hour, minute, second)) + millis;
  const ms = offset === undefined ? wallToUtc(wall, timeZone) : applyOffset(wall, offset);
  return ms === null || ms < FIRST_MS || ms >= AFTER_LAST_MS ? null : new Date(ms).toISOString();
}

// PostgreSQL's text for a timestamptz read in UTC, what every typed column's value looks like:
// "2024-09-03 18:35:04+00", "2024-09-03 18:35:04.123456+00".
const POSTGRES_UTC = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * The ISO string for PostgreSQL's UTC text, built from its digits: the general path below spends
 * microseconds per value on Date arithmetic and formatting, twice per customer (at L, seconds of the
 * clean's critical path). Undefined for any other text, and for a field out of range, which the
 * general path then reads (and rejects) as before; the result is the same as the general path's.
 */
function fromPostgresUtc(input: string): string | null | undefined {
  const m = POSTGRES_UTC.exec(input);
  if (!m) return undefined;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (+m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) return undefined;
  const millis = m[7] === undefined ? "000" : m[7].padEnd(3, "0").slice(0, 3);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${millis}Z`;
}

/** Years 1 to 9999: what an ISO string (and PostgreSQL) takes without an era or a sign. */
const FIRST_MS = utcMs(1, 1, 1, 0, 0, 0);
const AFTER_LAST_MS = utcMs(10000, 1, 1, 0, 0, 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1]!;
}

function applyOffset(wall: number, offset: string): number | null {
  if (/^(?:z|utc|gmt)$/i.test(offset)) return wall;
  const digits = offset.slice(1).replace(/:/g, "");
  const [hh, mm, ss] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6)].map((p) =>
    Number(p || "0"),
  ) as [number, number, number];
  if (hh > 18 || mm > 59 || ss > 59) return null;
  const sign = offset.startsWith("-") ? -1 : 1;
  return wall - sign * (hh * HOUR_MS + mm * 60_000 + ss * 1000);
}

/**
 * The instant whose wall-clock time in the zone is `wall`. A time skipped by a DST jump is moved
 * forward by the jump; a repeated time takes its first occurrence (as Temporal's "compatible").
 */
function wallToUtc(wall: number, timeZone: string): number {
  const steady = steadyOffset(Math.floor(wall / DAY_MS), timeZone);
  if (steady !== null) return wall - steady;
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((utc) => zoneOffsetMs(utc, timeZone) === wall - utc)
    .sort((a, b) => a - b);
  return candidates[0] ?? wall - before;
}

/**
 * The zone's offset for every wall time on this day, or null when it may change nearby. Any such
 * instant lies within a day either side (offsets are under 24 h), so equal offsets at both ends mean
 * no change. Memoised per zone because Intl formatting dominates the cost of a timestamp.
 */
function steadyOffset(day: number, timeZone: string): number | null {
  let days = steadyOffsets.get(timeZone);
  if (!days) steadyOffsets.set(timeZone, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    const start = zoneOffsetMs((day - 1) * DAY_MS, timeZone);
    offset = start === zoneOffsetMs((day + 2) * DAY_MS, timeZone) ? start : null;
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(day, offset);
  }
  return offset;
}
