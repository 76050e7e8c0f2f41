// Benchmark of the pure clustering (features, strong keys, blocking, scoring, union-find) on demo data:
// `npx tsx src/dedupe/dedupe.bench.ts [customers=200000] [seed=42]`. Generates and cleans the rows once
// (cached under the OS temp dir), then clusters them in a fresh process so peak RSS is the matcher's.
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadRegionTable } from "../clean/reference.js";
import { loadConfig } from "../config/load.js";
import { generateDemo } from "../demo/generator.js";
import { CustomerColumnsBuilder } from "./customer-columns.js";
import { addDemoBatch, type LabelledRecords } from "./demo-records.js";
import { evaluateClusters } from "./evaluate.js";
import { clusterRecords, type MatchRecord } from "./match.js";

const ANCHOR = new Date("2026-09-30T16:00:00Z"); // end of 2026Q3 in Asia/Shanghai
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function prepare(customers: number, seed: number, file: string): Promise<void> {
  const regions = await loadRegionTable();
  const t0 = performance.now();
  const part = `${file}.part`;
  const out = createWriteStream(part);
  const seen = new Set<string>();
  let rows = 0;
  for (const batch of generateDemo({ customers, seed, anchor: ANCHOR }, { batchSize: 1000 })) {
    const chunk: LabelledRecords = { records: [], entities: [] };
    addDemoBatch(batch, { timezone: "Asia/Shanghai", regions }, chunk, seen);
    const lines = chunk.records.map((r, i) => JSON.stringify([r, chunk.entities[i]])).join("\n");
    if (lines && !out.write(`${lines}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
    rows += chunk.records.length;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  renameSync(part, file);
  console.log(
    `prepared ${rows} clean source rows in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}`,
  );
}

async function run(file: string): Promise<void> {
  // Into columns, as the stage streams them from the warehouse (not an object per row).
  const rows = new CustomerColumnsBuilder();
  const entities: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    const [r, e] = JSON.parse(line) as [MatchRecord, string];
    rows.push({ ...r, previous_id: null });
    entities.push(e);
  }
  const records = rows.finish();
  const config = loadConfig({ path: "config/demo.yaml", env: {} });
  const regions = await loadRegionTable();
  global.gc?.();
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const clusters = clusterRecords(records, config.dedupe, regions);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  const quality = evaluateClusters(Array.from(clusters.clusterOf, String), entities);
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(
    [
      `source rows        ${records.size}`,
      `clusters           ${clusters.clusterCount} (true entities ${quality.entities})`,
      `clustering time    ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(records.size / seconds)} rows/s)`,
      `RSS                ${mb(before)} MB with the rows loaded, peak ${mb(peak)} MB`,
      `candidate pairs    ${clusters.stats.candidatePairs} (${(clusters.stats.candidatePairs / records.size).toFixed(2)} per row)`,
      `links              strong ${clusters.stats.strongLinks}, scored ${clusters.stats.scoredLinks}`,
      `blocks             ${clusters.stats.blocks}, oversized ${clusters.stats.oversizedBlocks}, largest ${clusters.stats.largestBlock}`,
      `giant clusters     ${clusters.splits.length} split`,
      `pairwise           P ${pct(quality.pairwise.precision)}  R ${pct(quality.pairwise.recall)}  F1 ${pct(quality.pairwise.f1)}`,
      `cluster            P ${pct(quality.cluster.precision)}  R ${pct(quality.cluster.recall)}  F1 ${pct(quality.cluster.f1)}`,
    ].join("\n"),
  );
}

const [arg1, arg2] = process.argv.slice(2);
if (arg1 === "--run") await run(arg2!);
else {
  const customers = Number(arg1 ?? 200_000);
  const seed = Number(arg2 ?? 42);
  const file = join(tmpdir(), `retier-dedupe-bench-${customers}-${seed}.jsonl`);
  if (!existsSync(file)) await prepare(customers, seed, file);
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", self, "--run", file], {
    stdio: "inherit",
  });
  process.exitCode = child.status ?? 1;
}
