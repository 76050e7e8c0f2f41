// CLI for the finance report: `retier report resend RUN [--force]` mails a run's stored workbook again,
// through the same outbox as the email stage (without --force only to recipients not yet sent).
import type { Command } from "commander";
import { sendReportEmail } from "../email/email.service.js";
import { openApp } from "./app.js";

export function registerReportCommands(program: Command): void {
  program
    .command("report")
    .description("the finance report of a run")
    .command("resend <runId>")
    .description("mail the run's stored report to recipients not yet sent; --force mails everyone again")
    .option("--force", "also resend to recipients already sent")
    .action(async (runId: string, opts: { force?: boolean }) => {
      const app = openApp();
      try {
        const r = await sendReportEmail(app.db, app.config, runId, app.log, { force: opts.force === true });
        console.log(
          `report of run ${runId}: sent to ${r.sent.length} recipient(s)` +
            (r.skipped.length ? `; ${r.skipped.length} already sent (use --force to resend)` : ""),
        );
      } finally {
        await app.close();
      }
    });
}
