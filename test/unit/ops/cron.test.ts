// The cron walk behind catch-up and `scheduler --list`: plain date fields, no clock, no services.
import { createTask } from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nextFires, parseCron, previousFire } from "../../../src/ops/cron.js";
import { quarterForFire } from "../../../src/ops/schedule-plan.js";

const TZ = "Asia/Shanghai";
const QUARTERLY = "0 2 1 1,4,7,10 *";

describe("cron arithmetic", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("finds the same next fires as node-cron, in the configured zone", () => {
    const from = new Date("2026-11-25T13:00:00Z");
    // node-cron counts its next runs from the clock: pin the clock to `from`, or the two walks
    // start at different instants whenever the test runs on another day or hour.
    vi.useFakeTimers({ now: from, toFake: ["Date"] });
    for (const [expr, tz] of [
      [QUARTERLY, TZ],
      ["30 1 * * *", TZ],
      ["15 */6 * * 1-5", "Europe/Berlin"],
      ["0 9 1 * *", "America/New_York"],
    ] as const) {
      const task = createTask(expr, () => undefined, { timezone: tz });
      try {
        expect(nextFires(parseCron(expr), from, tz, 5), expr).toEqual(task.getNextRuns(5));
      } finally {
        void task.destroy();
      }
    }
  });

  it("finds the latest quarterly fire and the quarter it re-tiers", () => {
    const f = parseCron(QUARTERLY);
    const fire = previousFire(f, new Date("2026-11-25T13:00:00Z"), TZ)!;
    expect(fire.toISOString()).toBe("2026-09-30T18:00:00.000Z"); // 02:00 on 1 October in Shanghai
    expect(quarterForFire(fire, TZ)).toBe("2026Q3");
    expect(previousFire(f, fire, TZ)).toEqual(fire); // at the fire instant, it is the latest one
    expect(previousFire(f, new Date(fire.getTime() - 1000), TZ)!.toISOString()).toBe(
      "2026-06-30T18:00:00.000Z",
    );
    expect(quarterForFire(new Date("2026-12-31T18:00:00Z"), TZ)).toBe("2026Q4");
  });
});
