// Time-zone offsets from Intl (no tz library): the one place that turns an instant into a zone's
// wall-clock time. Pure: the instant comes in as an argument.

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Epoch ms of a wall-clock date-time read as UTC. Date.UTC maps years 0–99 to 1900–1999;
 * setUTCFullYear does not.
 */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/**
 * The zone's offset from UTC (ms) at an instant (Asia/Shanghai → 28_800_000), read from Intl's
 * wall-clock rendering. Intl renders whole seconds, so historic offsets with seconds (LMT) come out
 * exact. A zone Intl does not know throws RangeError.
 */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    // Creating a formatter costs far more than formatting with one; callers ask per row.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(instant))) parts[p.type] = p.value;
  // 1 BC is astronomical year 0.
  const year = parts.era === "BC" || parts.era === "B" ? 1 - Number(parts.year) : Number(parts.year);
  const wall = utcMs(
    year,
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return wall - wholeSeconds;
}
