// What a fire means, decided from instants and ledger rows alone: the quarter a re-tier or a nightly
// sync runs for, the run id every scheduler derives, whether a missed quarterly fire is caught up.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { catchUpDecision, syncForFire } from "../../../src/ops/schedule-plan.js";
import { listSchedule } from "../../../src/ops/scheduler.js";

const TZ = "Asia/Shanghai";

describe("catch-up", () => {
  it("decides a catch-up from the ledger rows alone", () => {
    const fire = new Date("2026-09-30T18:00:00Z");
    const before = new Date("2026-09-15T00:00:00Z");
    const after = new Date("2026-10-02T00:00:00Z");
    expect(catchUpDecision(fire, TZ, [])).toMatchObject({
      fire: true,
      quarter: "2026Q3",
      runId: "2026Q3-cron",
    });
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "succeeded", created_at: before }]).fire).toBe(
      true,
    );
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "cancelled", created_at: after }]).fire).toBe(
      true,
    );
    expect(catchUpDecision(fire, TZ, [{ run_id: "x", status: "failed", created_at: after }]).fire).toBe(
      false,
    );
    expect(
      catchUpDecision(fire, TZ, [{ run_id: "2026Q3-cron", status: "failed", created_at: after }]).fire,
    ).toBe(false);
  });
});

describe("nightly sync fires", () => {
  it("belong to the quarter containing the fire in the configured zone", () => {
    // 01:30 on 1 October in Shanghai is still 30 September in UTC: the sync is Q4's.
    expect(syncForFire(new Date("2026-09-30T17:30:00Z"), TZ)).toEqual({
      quarter: "2026Q4",
      runId: "2026Q4-sync-20261001T013000",
    });
    expect(syncForFire(new Date("2026-09-30T17:30:00Z"), "UTC").quarter).toBe("2026Q3");
  });

  it("name one run per fire, the same for every scheduler, never all digits and without ':'", () => {
    const a = syncForFire(new Date("2026-11-25T17:30:00.000Z"), TZ);
    const b = syncForFire(new Date("2026-11-25T17:30:00.000Z"), TZ);
    const next = syncForFire(new Date("2026-11-26T17:30:00.000Z"), TZ);
    expect(a).toEqual(b);
    expect(next.runId).not.toBe(a.runId);
    for (const { runId } of [a, next]) {
      expect(runId).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(runId).not.toMatch(/^\d+$/);
    }
  });
});

describe("scheduler --list", () => {
  it("lists the next fires of both schedules with the quarter and run id of each", () => {
    const config = loadConfig({ path: "config/demo.yaml", env: {} });
    const [retier, sync] = listSchedule(config, new Date("2026-11-25T13:00:00Z"), 2);
    expect(retier!.name).toBe("retier");
    expect(retier!.fires.map((f) => [f.local, f.quarter, f.runId])).toEqual([
      ["2027-01-01 02:00:00", "2026Q4", "2026Q4-cron"],
      ["2027-04-01 02:00:00", "2027Q1", "2027Q1-cron"],
    ]);
    expect(sync!.name).toBe("sync");
    expect(sync!.fires.map((f) => [f.local, f.quarter, f.runId])).toEqual([
      ["2026-11-26 01:30:00", "2026Q4", "2026Q4-sync-20261126T013000"],
      ["2026-11-27 01:30:00", "2026Q4", "2026Q4-sync-20261127T013000"],
    ]);
  });
});
