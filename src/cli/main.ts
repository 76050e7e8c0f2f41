// The `retier` command line.
import { Command } from "commander";
import { ConfigError, errorMessage } from "../errors.js";
import { registerBenchCommands } from "./bench-commands.js";
import { registerDedupeCommands } from "./dedupe-commands.js";
import { registerDemoCommands } from "./demo-commands.js";
import { registerOpsCommands } from "./ops-commands.js";
import { registerRunCommands } from "./run-commands.js";
import { registerReportCommands } from "./report-commands.js";
import { registerTierCommands } from "./tier-commands.js";
import { openApp, prepareWarehouse, allServiceUrls } from "./app.js";
import { ensureTestTools, servicesUp } from "../services/services-up.js";

const program = new Command("retier")
  .description("quarterly customer re-tiering pipeline")
  .showHelpAfterError();

const db = program.command("db").description("warehouse database");
db.command("migrate")
  .description("create the warehouse database if needed and apply pending migrations")
  .action(async () => {
    const app = openApp();
    try {
      await prepareWarehouse(app);
      console.log("warehouse is migrated");
    } finally {
      await app.close();
    }
  });

program
  .command("services")
  .description("local services")
  .command("up")
  .description("make sure PostgreSQL, MariaDB and Redis answer: start or install them when they do not")
  .option("--test-tools", "also make sure the tools the tests use are installed (LibreOffice)")
  .action(async (opts: { testTools?: boolean }) => {
    const app = openApp();
    try {
      if (opts.testTools) ensureTestTools(app.log);
      const specs = await servicesUp(allServiceUrls(app.config), app.log);
      console.log(specs.map((s) => `${s.name} ${s.host}:${s.port} ok`).join("\n"));
    } finally {
      await app.close();
    }
  });

registerRunCommands(program);
registerDemoCommands(program);
registerDedupeCommands(program);
registerTierCommands(program);
registerReportCommands(program);
registerOpsCommands(program);
registerBenchCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `error: ${errorMessage(err)}`);
  const cause = (err as { cause?: unknown }).cause;
  if (cause) console.error(`  caused by: ${errorMessage(cause)}`);
  process.exit(1);
});
