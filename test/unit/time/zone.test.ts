import { describe, expect, it } from "vitest";
import { utcMs, zoneOffsetMs } from "../../../src/time/zone.js";

const HOUR = 3_600_000;
const NY = "America/New_York";

describe("zoneOffsetMs", () => {
  it("is 0 in UTC and +08:00 in Shanghai", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 2, 1), "UTC")).toBe(0);
    expect(zoneOffsetMs(Date.UTC(2026, 2, 1), "Asia/Shanghai")).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), "Asia/Shanghai")).toBe(8 * HOUR);
  });

  // 2026: EST → EDT at 02:00 local on 8 March (07:00Z), EDT → EST at 02:00 local on 1 November (06:00Z).
  it("changes in New York at the instant DST starts and ends", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 2, 8, 6, 59, 59), NY)).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 2, 8, 7), NY)).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 10, 1, 5, 59, 59), NY)).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(2026, 10, 1, 6), NY)).toBe(-5 * HOUR);
  });

  it("ignores the instant's milliseconds, before and after 1970", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 2, 1, 0, 0, 0, 999), "Asia/Shanghai")).toBe(8 * HOUR);
    expect(zoneOffsetMs(Date.UTC(1969, 11, 31, 23, 59, 59, 500), "UTC")).toBe(0);
  });

  it("keeps the seconds of a historic local mean time (Shanghai LMT +08:05:43)", () => {
    expect(zoneOffsetMs(Date.UTC(1900, 0, 1), "Asia/Shanghai")).toBe((8 * 3600 + 5 * 60 + 43) * 1000);
  });

  it("throws RangeError on a zone Intl does not know", () => {
    expect(() => zoneOffsetMs(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("utcMs", () => {
  it("reads wall-clock fields as UTC, years 0–99 included", () => {
    expect(utcMs(2026, 3, 1, 12, 30, 15)).toBe(Date.UTC(2026, 2, 1, 12, 30, 15));
    expect(new Date(utcMs(50, 1, 1, 0, 0, 0)).toISOString()).toBe("0050-01-01T00:00:00.000Z");
  });
});
