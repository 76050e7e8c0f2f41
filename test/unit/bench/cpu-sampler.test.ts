// The bench's "cores busy": a stage that spins one core shows at least about one core busy, and never more
// than the machine has; time outside any stage is attributed to none.
import { cpus } from "node:os";
import { describe, expect, it } from "vitest";
import { CpuUse } from "../../../src/bench/cpu-sampler.js";

const spin = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
};

describe("CpuUse", () => {
  it("attributes a spinning core to the stage that ran, and idle time to none", async () => {
    const cores = cpus().length;
    const cpu = new CpuUse();
    cpu.sample(undefined);
    for (let i = 0; i < 5; i++) {
      spin(100);
      cpu.sample("spin");
    }
    await new Promise((r) => setTimeout(r, 300));
    cpu.sample(undefined); // not counted for any stage
    const busy = cpu.coresBusy("spin", cores)!;
    expect(busy).toBeGreaterThan(0.8);
    expect(busy).toBeLessThanOrEqual(cores);
    expect(cpu.coresBusy("never", cores)).toBeNull();
    expect(cpu.coresBusyOverall(cores)).toBe(busy);
  });
});
