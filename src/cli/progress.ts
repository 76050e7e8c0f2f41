// A progress bar over a run's stages for long CLI waits (plain lines when not on a TTY).
import cliProgress from "cli-progress";
import type { RunRow, StageRow } from "../runs/ledger.js";

export function runProgress(): { update(run: RunRow, stages: StageRow[]): void; stop(): void } {
  const tty = process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    {
      format: " {bar} {value}/{total} stages | {stage} | {status}",
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last = "";
  return {
    update(run, stages) {
      const done = stages.filter((s) => s.status === "succeeded" || s.status === "skipped").length;
      const current =
        stages.find((s) => s.status === "running" || s.status === "failed")?.stage ??
        (done === stages.length ? "done" : "waiting");
      if (tty) {
        if (!started) bar.start(stages.length, done, { stage: current, status: run.status });
        started = true;
        bar.update(done, { stage: current, status: run.status });
      } else if (`${done}${current}${run.status}` !== last) {
        process.stderr.write(`  ${done}/${stages.length} stages, ${current}, run ${run.status}\n`);
      }
      last = `${done}${current}${run.status}`;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
