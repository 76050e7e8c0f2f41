// CLI for the tiering decisions people make and question: `retier override add|list|remove` (manual
// overrides and approved appeals) and `retier score CUSTOMER` (why a customer has its tier).
import type { Command } from "commander";
import { localDate } from "../runs/quarter.js";
import { explain } from "../tier/explain.js";
import type { RawOverrideInput } from "../tier/override-input.js";
import { addOverride, listOverrides, removeOverride } from "../tier/overrides.service.js";
import { scoreCustomer } from "../tier/score.service.js";
import { type App, withApp } from "./app.js";
import { table } from "./format.js";

const today = (app: App) => localDate(new Date(), app.config.timezone);

export function registerTierCommands(program: Command): void {
  const override = program
    .command("override")
    .description("manual tier overrides and approved appeals (申诉), applied after every rule");

  override
    .command("add")
    .description("record an override or an approved appeal for one customer")
    .requiredOption("--customer <id>", "customer id (as in marts.fct_customer_quarter)")
    .requiredOption("--tier <code>", "the tier the customer gets")
    .requiredOption("--reason <text>", "why")
    .requiredOption("--approver <name>", "who approved it")
    .option("--kind <kind>", "override | appeal", "override")
    .option("--from <date>", "first day in force, YYYY-MM-DD (default: today)")
    .option("--to <date>", "last day in force, YYYY-MM-DD (default: until removed)")
    .action(async (opts: RawOverrideInput) =>
      withApp(async (app) => {
        const o = await addOverride(app.db, app.config.tiers, opts, today(app));
        console.log(
          `override ${o.override_id} recorded: ${o.customer_id} → ${o.tier} (${o.kind}) from ${o.valid_from}` +
            `${o.valid_to ? ` to ${o.valid_to}` : ""}; applied by runs of quarters whose last day falls in that span`,
        );
      }),
    );

  override
    .command("list")
    .description("overrides in force or scheduled; --all adds expired and removed ones")
    .option("--all", "include expired and removed overrides")
    .action(async (opts: { all?: boolean }) =>
      withApp(async (app) => {
        const rows = await listOverrides(app.db, today(app), opts.all === true);
        if (!rows.length) {
          console.log(opts.all ? "no overrides recorded" : "no overrides in force (see --all)");
          return;
        }
        console.log(
          table(rows as never, [
            "override_id",
            "customer_id",
            "tier",
            "kind",
            "state",
            "valid_from",
            "valid_to",
            "approver",
            "reason",
          ]),
        );
      }),
    );

  override
    .command("remove <overrideId>")
    .description("remove an override (kept for the audit trail; later runs ignore it)")
    .action(async (overrideId: string) =>
      withApp(async (app) => {
        const o = await removeOverride(app.db, overrideId);
        console.log(`override ${o.override_id} removed (${o.customer_id} → ${o.tier}, ${o.kind})`);
      }),
    );

  program
    .command("score <customerId>")
    .description("re-score one customer with the stored model of a published quarter and explain its tier")
    .option("--quarter <Q>", "published quarter, e.g. 2026Q3 (default: the latest published)")
    .option("--json", "print the result as JSON")
    .action(async (customerId: string, opts: { quarter?: string; json?: boolean }) =>
      withApp(async (app) => {
        const s = await scoreCustomer(app.db, app.config, customerId, opts.quarter);
        if (opts.json) {
          const { quarter, runId, sameConfig, result, stored } = s;
          console.log(JSON.stringify({ quarter, runId, sameConfig, result, stored }, null, 2));
          return;
        }
        console.log(explain({ ...s, rules: app.config.rules }));
      }),
    );
}
