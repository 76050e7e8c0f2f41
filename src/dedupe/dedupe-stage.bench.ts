// Benchmark of the real dedupe stage on a run already in the warehouse (its core.int_customers), as the
// worker runs it: load → match → ids and golden records → COPY and publish. Re-running dedupe replaces the
// run's own output. Prints wall time and peak RSS per step (VmHWM, reset at each step through
// /proc/self/clear_refs: the match steps are synchronous, so a timer could not sample inside them).
// Run: WAREHOUSE_URL=… npx tsx src/dedupe/dedupe-stage.bench.ts RUN_ID
import { readFileSync, writeFileSync } from "node:fs";
import { loadConfig } from "../config/load.js";
import { connectWarehouse } from "../db/warehouse.js";
import { createLogger } from "../log.js";
import type { StageContext } from "../runs/stage-context.js";
import { dedupeStage } from "./dedupe.service.js";

const runId = process.argv[2];
if (!runId) throw new Error("usage: dedupe-stage.bench.ts RUN_ID (a run whose clean stage is done)");

const mbOf = (field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN) /
  1024;
const resetPeak = () => writeFileSync("/proc/self/clear_refs", "5"); // VmHWM := current RSS (Linux ≥ 4.0)

const config = loadConfig();
const db = connectWarehouse(config.env.warehouseUrl, { min: 0, max: 2 });
const run = await db("etl.runs").where({ run_id: runId }).first<{ quarter: string; as_of_at: Date }>();
if (!run) throw new Error(`run ${runId} not found in etl.runs`);
const ctx: StageContext = {
  db,
  config,
  runId,
  quarter: run.quarter,
  asOf: new Date(run.as_of_at),
  log: createLogger({ level: "info" }),
};

const rows: string[] = [];
let overall = 0;
let t = performance.now();
let cpu = process.cpuUsage();
const t0 = t;
const rss0 = mbOf("VmRSS");
resetPeak();
try {
  const counts = await dedupeStage(ctx, {
    onStep: (step) => {
      const peak = mbOf("VmHWM");
      overall = Math.max(overall, peak);
      const used = process.cpuUsage(cpu);
      rows.push(
        `${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s  (${((used.user + used.system) / 1e6).toFixed(1).padStart(5)} s CPU here)  peak ${String(Math.round(peak)).padStart(5)} MB  rss after ${String(Math.round(mbOf("VmRSS"))).padStart(5)} MB  ${step}`,
      );
      resetPeak();
      t = performance.now();
      cpu = process.cpuUsage();
    },
  });
  console.log(
    `\ndedupe ${runId}: ${counts.rowsIn} rows → ${counts.rowsOut} customers in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS before ${Math.round(rss0)} MB, peak ${Math.round(Math.max(overall, mbOf("VmHWM")))} MB`,
  );
  for (const r of rows) console.log(r);
} finally {
  await db.destroy();
}
