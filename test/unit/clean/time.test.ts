import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTimestamp, zoneOffsetMs } from "../../../src/clean/time.js";

const SH = "Asia/Shanghai";

describe("parseTimestamp", () => {
  it.each([
    // MariaDB dateStrings and other offset-less text: wall-clock time in the configured zone
    ["2026-03-01 12:00:00", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01T12:00:00", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01 12:00", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01", SH, "2026-02-28T16:00:00.000Z"],
    ["2026/3/1 08:00:00", SH, "2026-03-01T00:00:00.000Z"],
    ["２０２６-０３-０１ １２:００:００", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01 12:00:00.123456", SH, "2026-03-01T04:00:00.123Z"], // microseconds truncated
    ["2026-03-01 12:00:00", "UTC", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01 12:00:00", "America/New_York", "2026-03-01T17:00:00.000Z"],
    // an explicit offset wins over the zone
    ["2026-03-01T12:00:00+08:00", "UTC", "2026-03-01T04:00:00.000Z"],
    ["2026-03-01 12:00:00+08", "UTC", "2026-03-01T04:00:00.000Z"], // Postgres text output
    ["2026-03-01 12:00:00.5+0800", "UTC", "2026-03-01T04:00:00.500Z"],
    ["2026-03-01 12:00:00-05:30", SH, "2026-03-01T17:30:00.000Z"],
    ["2026-03-01T04:00:00Z", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01T04:00:00.000Z", SH, "2026-03-01T04:00:00.000Z"],
    ["2026-03-01 04:00:00 UTC", SH, "2026-03-01T04:00:00.000Z"],
    ["1900-01-01 00:00:00+08:05:43", "UTC", "1899-12-31T15:54:17.000Z"], // Postgres LMT offsets have seconds
    // leap day
    ["2024-02-29 23:59:59", SH, "2024-02-29T15:59:59.000Z"],
    ["2000-02-29", "UTC", "2000-02-29T00:00:00.000Z"],
    // DST: a skipped time moves forward by the jump; a repeated time takes its first occurrence
    ["2026-03-08 02:30:00", "America/New_York", "2026-03-08T07:30:00.000Z"],
    ["2026-11-01 01:30:00", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["1990-07-01 12:00:00", SH, "1990-07-01T03:00:00.000Z"], // China observed DST until 1991
  ])("%j in %s → %s", (input, zone, expected) => {
    expect(parseTimestamp(input, zone)).toBe(expected);
  });

  it.each([
    "",
    "yesterday",
    "0000-00-00 00:00:00", // MariaDB zero date
    "2026-02-29",
    "2026-13-01",
    "2026-04-31",
    "2026-03-01 24:00:00",
    "2026-03-01 12:60:00",
    "2026-03-01 12:00:60",
    "2026-03-01 12:00:00+19",
    "26-03-01",
    "2026-03-01 12:00:00 BC",
    "1772337600",
    // PostgreSQL's UTC text, read by its own short path, with a field out of range
    "2026-02-29 12:00:00+00",
    "2026-04-31 12:00:00+00",
    "2026-00-10 12:00:00+00",
    "2026-03-01 24:00:00+00",
    "2026-03-01 12:00:60.5+00",
    "0000-03-01 12:00:00+00",
  ])("%j is not a timestamp", (input) => {
    expect(parseTimestamp(input, SH)).toBeNull();
  });

  it("reads PostgreSQL's UTC text (a typed column's) as the instant it names, in any zone", () => {
    const first = Date.parse("0001-01-01T00:00:00Z");
    const instants = fc.oneof(
      fc.integer({ min: first, max: Date.UTC(9999, 11, 31, 23, 59, 59) }),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }),
    );
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 999_999 }),
        fc.boolean(),
        (ms0, micros, withFraction) => {
          const d = new Date(Math.floor(ms0 / 1000) * 1000);
          fc.pre(d.getUTCFullYear() >= 1);
          const fraction = withFraction ? `.${pad(micros, 6).replace(/0+$/, "") || "0"}` : "";
          const text =
            `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
            `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}${fraction}+00`;
          const millis = withFraction ? Math.floor(micros / 1000) : 0;
          const expected = new Date(d.getTime() + millis).toISOString();
          expect(parseTimestamp(text, "America/New_York"), text).toBe(expected);
          // The same text with the offset spelled "+00:00" takes the general path: the same answer.
          expect(parseTimestamp(`${text}:00`, SH), text).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("zoneOffsetMs", () => {
  it("reads the offset from Intl", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 2, 1), SH)).toBe(8 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), "America/New_York")).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), "Asia/Kathmandu")).toBe(5.75 * 3_600_000);
  });
});
