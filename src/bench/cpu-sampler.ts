// The whole machine's CPU time from /proc/stat (Linux): how many cores were busy while a stage ran — the
// worker, PostgreSQL, MariaDB, anything else — which tells a stage that keeps every core busy (only less
// work makes it faster) from one that leaves cores idle (work that could be split).
import { readFileSync } from "node:fs";

/** Clock ticks since boot, summed over every core. */
export interface CpuTicks {
  busy: number;
  total: number;
}

export function cpuTicks(): CpuTicks | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    // cpu  user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return null;
  }
}

/** Accumulates busy and total ticks per key (the stage running at each sample). */
export class CpuUse {
  private last = cpuTicks();
  private readonly sums = new Map<string, CpuTicks>();

  /** Attributes the ticks since the previous sample to `key` (or to nothing when it is undefined). */
  sample(key: string | undefined): void {
    const now = cpuTicks();
    if (now && this.last && key !== undefined) {
      const s = this.sums.get(key) ?? { busy: 0, total: 0 };
      s.busy += now.busy - this.last.busy;
      s.total += now.total - this.last.total;
      this.sums.set(key, s);
    }
    this.last = now;
  }

  /** Cores busy on average while `key` ran (0 … cores), or null when never sampled. */
  coresBusy(key: string, cores: number): number | null {
    const s = this.sums.get(key);
    return s && s.total > 0 ? (s.busy / s.total) * cores : null;
  }

  /** Cores busy over every key together. */
  coresBusyOverall(cores: number): number | null {
    let busy = 0;
    let total = 0;
    for (const s of this.sums.values()) {
      busy += s.busy;
      total += s.total;
    }
    return total > 0 ? (busy / total) * cores : null;
  }
}
