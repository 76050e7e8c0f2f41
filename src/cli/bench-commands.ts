// `retier bench --scale S|M|L`: the benchmark (a command, never a test); `retier bench reference`: the reference tiers.
import type { Command } from "commander";
import { runBench } from "../bench/bench.service.js";
import {
  clearQueuePrefix,
  dropPgDatabase,
  FIXTURE_CSV,
  readReferenceFixture,
  runReferenceQuarter,
  writeReferenceFixture,
} from "../bench/reference-run.service.js";
import { describeDiff, diffTiers, REFERENCE } from "../bench/reference-tiers.js";
import { benchTable, SCALES, type Scale } from "../bench/scales.js";
import { openApp, prepareWarehouse } from "./app.js";
import { previousQuarter } from "./run-commands.js";

/** The bench uses its own warehouse and source databases so it never disturbs the demo's. */
const BENCH_ENV = {
  WAREHOUSE_URL: "postgres://postgres@127.0.0.1:5432/retier_bench",
  RETIER_ERP_URL: "postgres://postgres@127.0.0.1:5432/retier_bench_erp",
  RETIER_CRM_URL: "mysql://root@127.0.0.1:3306/retier_bench_crm",
  RETIER_CONFIG: "config/demo.yaml",
};

/** The reference run's own databases and queue prefix; its warehouse is recreated empty every time. */
const REFERENCE_ENV = {
  WAREHOUSE_URL: "postgres://postgres@127.0.0.1:5432/retier_reference",
  RETIER_ERP_URL: "postgres://postgres@127.0.0.1:5432/retier_reference_erp",
  RETIER_CRM_URL: "mysql://root@127.0.0.1:3306/retier_reference_crm",
  RETIER_CONFIG: "config/demo.yaml",
  RETIER_QUEUE_PREFIX: "retierref",
};

/** A whole number ≥ 0 from an option, or `fallback` rounded when it is not given. */
function count(option: string, text: string | undefined, fallback: number): number {
  const n = Number(text ?? Math.round(fallback));
  if (!(Number.isInteger(n) && n >= 0))
    throw new Error(`${option}: expected a whole number ≥ 0, got ${text}`);
  return n;
}

export function registerBenchCommands(program: Command): void {
  const bench = program
    .command("bench")
    .description(
      "generate sources at a scale, run one quarter through the real pipeline, print per-stage figures and the floor",
    )
    .option(
      "--scale <S|M|L>",
      `S (${SCALES.S.customers}), M (${SCALES.M.customers}) or L (${SCALES.L.customers}) golden customers`,
      "S",
    )
    .option("--seed <n>", "generator seed", "1")
    .option("--quarter <Q>", "quarter to re-tier (default: the previous quarter)")
    .option("--skip-seed", "reuse the sources from the previous bench at this scale")
    .option(
      "--again",
      "then run the quarter again as a later run finds the warehouse (ids known, quarter published, overrides)",
    )
    .option(
      "--overrides <n>",
      "overrides and appeals recorded before the run again (default: 0.5 % of customers)",
    )
    .option(
      "--merges <n>",
      "pairs of customers made one in the ERP source before the run again (default: 0.2 % of customers)",
    )
    .action(
      async (opts: {
        scale: string;
        seed: string;
        quarter?: string;
        skipSeed?: boolean;
        again?: boolean;
        overrides?: string;
        merges?: string;
      }) => {
        if (!(opts.scale in SCALES)) throw new Error(`--scale: expected S, M or L, got ${opts.scale}`);
        const scale = opts.scale as Scale;
        const overrides = count("--overrides", opts.overrides, SCALES[scale].customers * 0.005);
        const merges = count("--merges", opts.merges, SCALES[scale].customers * 0.002);
        const app = openApp({ envOverrides: BENCH_ENV });
        try {
          const quarter = opts.quarter ?? previousQuarter(new Date(), app.config.timezone);
          const results = await runBench(
            app,
            {
              scale,
              seed: Number(opts.seed),
              quarter,
              workerEnv: BENCH_ENV,
              skipSeed: opts.skipSeed,
              again: opts.again ? { overrides, merges } : undefined,
            },
            new Date(),
          );
          for (const r of results) {
            console.log(
              `\nretier bench ${r.scale} (${r.label}): ${r.customers} golden customers, order scale ${r.orderScale}, seed ${r.seed}, run ${r.runId} ${r.status}`,
            );
            if (r === results[0])
              console.log(`seeding the sources took ${r.seedSeconds.toFixed(1)} s (not part of the run)`);
            console.log(`\n${benchTable(r)}`);
            console.log(
              `\nfloor parts (s): ${Object.entries(r.floors)
                .map(([k, v]) => `${k} ${v.toFixed(2)}`)
                .join(", ")}`,
            );
            if (r.status !== "succeeded") process.exitCode = 1;
          }
          const r = results[0]!;
          console.log(
            `machine: ${r.machine.cpus} cores, ${r.machine.memoryGb} GB, node ${r.machine.node}; JSON in out/bench/`,
          );
          console.log(`the worker's log, with the steps inside each stage: ${r.workerLog}`);
        } finally {
          await app.close();
        }
      },
    );

  bench
    .command("reference")
    .description(
      `seed scale ${REFERENCE.scale} (seed ${REFERENCE.seed}) in private databases, run ${REFERENCE.quarter}, ` +
        "compare the published tiers with the fixture in test/fixtures/",
    )
    .option("--write", "replace the fixture with this run's tiers (only for a deliberate, reviewed change)")
    .action(async (opts: { write?: boolean }) => {
      const app = openApp({ envOverrides: REFERENCE_ENV });
      const { config } = app;
      try {
        await dropPgDatabase(config.env.warehouseUrl);
        await prepareWarehouse(app);
        await clearQueuePrefix(config.env.redisUrl, config.env.queuePrefix);
        const r = await runReferenceQuarter(app);
        console.log(
          `run ${r.runId}: ${r.rows.length} customers published; seed ${r.seedSeconds.toFixed(1)} s, ` +
            `run ${r.runSeconds.toFixed(1)} s`,
        );
        if (opts.write) {
          for (const f of writeReferenceFixture(r, config)) console.log(`wrote ${f}`);
          return;
        }
        const diff = diffTiers(readReferenceFixture().rows, r.rows);
        console.log(describeDiff(diff));
        if (diff.differing) process.exitCode = 1;
        else console.log(`identical to ${FIXTURE_CSV}`);
      } finally {
        await clearQueuePrefix(config.env.redisUrl, config.env.queuePrefix);
        await app.close();
      }
    });
}
