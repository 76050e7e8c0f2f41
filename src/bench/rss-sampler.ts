// Samples a process's resident memory from /proc (Linux), so the worker's peak can be attributed to
// whichever stage was running at the time.
import { readFileSync, writeFileSync } from "node:fs";

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Resets the process's peak (VmHWM) to its current RSS (Linux ≥ 4.0), so a later peak is this run's own. */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Not ours to reset (another user's process, not Linux): the peak then spans every run.
  }
}
