// The email stage job: sends the stored report to finance once per recipient (outbox-guarded).
import { sendReportEmail } from "../src/email/email.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const emailJob: StageService = async (ctx) => {
  const r = await sendReportEmail(ctx.db, ctx.config, ctx.runId, ctx.log);
  return { rowsOut: r.sent.length, details: { sent: r.sent.length, alreadySent: r.skipped.length } };
};
