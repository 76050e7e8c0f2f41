// Bounded concurrency for partitions: order kept, limit held, nothing started after a failure.
import { describe, expect, it } from "vitest";
import { runBounded } from "../../../src/extract/bounded.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("runBounded", () => {
  it("keeps results in input order with at most `limit` tasks running", async () => {
    let running = 0;
    let peak = 0;
    const out = await runBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("starts nothing after a failure, waits for running tasks, throws the first error", async () => {
    const started: number[] = [];
    let finished = 0;
    const err = await runBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("partition 1 failed");
      await tick();
      await tick();
      finished++;
      return n;
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe("partition 1 failed");
    expect(started).toEqual([1, 2]);
    expect(finished).toBe(1);
  });

  it("returns an empty list for no tasks", async () => {
    expect(await runBounded([], 3, async () => 1)).toEqual([]);
  });
});
