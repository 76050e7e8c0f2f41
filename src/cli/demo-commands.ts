// `retier demo` (the whole demo) and `retier demo seed` (only the demo source databases).
import { relative } from "node:path";
import type { Command } from "commander";
import { runDemo } from "../demo/demo.js";
import { seedDemo } from "../demo/seed.service.js";
import { parseQuarter, quarterBounds } from "../runs/quarter.js";
import { openApp, prepareWarehouse } from "./app.js";
import { table } from "./format.js";
import { runProgress } from "./progress.js";
import { previousQuarter } from "./run-commands.js";

const DEMO_CONFIG = "config/demo.yaml";

export function registerDemoCommands(program: Command): void {
  const demo = program
    .command("demo")
    .description("run one quarter end to end on demo data: services, migrations, seed, worker, report, mail")
    .option("--quarter <Q>", "quarter to re-tier (default: the previous quarter)")
    .option("--config <file>", "configuration file (default: $RETIER_CONFIG, else config/demo.yaml)")
    .action(async (opts: { quarter?: string; config?: string }) => {
      const probe = openApp({ path: opts.config, defaultPath: DEMO_CONFIG });
      const tz = probe.config.timezone;
      const smtpUrl = probe.config.env.smtpUrl;
      await probe.close();
      const quarter = opts.quarter ?? previousQuarter(new Date(), tz);
      console.log(`retier demo: re-tiering ${quarter}`);
      const bar = runProgress();
      const r = await runDemo(
        { quarter, configPath: probe.config.configPath, smtpUrl, onProgress: bar.update },
        new Date(),
      ).finally(() => bar.stop());
      console.log(
        `\nrun ${r.runId}: ${r.status}${r.error ? ` — ${r.error}` : ""} in ${r.seconds.toFixed(1)} s\n`,
      );
      console.log(table(r.distribution, ["tier", "customers", "revenue_cny"]));
      console.log(`\nreport: ${r.reportPath ? relative(process.cwd(), r.reportPath) : "(none)"}`);
      if (r.mailDir)
        console.log(`mail:   ${r.mailFiles.length} message(s) in ${relative(process.cwd(), r.mailDir)}/`);
      else console.log("mail:   sent to SMTP_URL");
      console.log(`\nnext: npx retier runs ${r.runId}   ·   npx retier rejects ${r.runId}`);
      if (r.status !== "succeeded") process.exitCode = 1;
    });

  demo
    .command("seed")
    .description("fill the demo source databases (CRM in MariaDB, ERP in PostgreSQL) and the ground truth")
    .option("--customers <n>", "golden customers")
    .option("--seed <n>", "random seed")
    .option("--quarter <Q>", "the data ends at this quarter's end (default: the previous quarter)")
    .option(
      "--order-scale <x>",
      "multiplies every customer's order rate: 1 ≈ 10 orders per customer (DESIGN.md's S row), 0.5 ≈ 5 (its M and L rows)",
      "1",
    )
    .action(async (opts: { customers?: string; seed?: string; quarter?: string; orderScale: string }) => {
      const app = openApp({ defaultPath: DEMO_CONFIG });
      try {
        await prepareWarehouse(app);
        const quarter = opts.quarter ?? previousQuarter(new Date(), app.config.timezone);
        const summary = await seedDemo({
          erpUrl: app.config.sourceUrls.erp!,
          crmUrl: app.config.sourceUrls.crm!,
          customers: Number(opts.customers ?? app.config.demo.customers),
          seed: Number(opts.seed ?? app.config.demo.seed),
          anchor: quarterBounds(parseQuarter(quarter), app.config.timezone).end,
          orderScale: Number(opts.orderScale),
          log: app.log,
        });
        console.log(JSON.stringify(summary, null, 2));
      } finally {
        await app.close();
      }
    });
}
