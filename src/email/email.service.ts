// The email stage: mails the stored report to each finance recipient once, guarded by an outbox row
// written before sending; `force` resends. Recipients never appear in logs, only counts.
import type { Knex } from "knex";
import nodemailer from "nodemailer";
import type { AppConfig } from "../config/load.js";
import { sqlFile } from "../db/sql-file.js";
import { ConfigError, DataError, TransientError } from "../errors.js";
import type { Logger } from "../log.js";
import { buildMessage, parseSummary, type StoredReport } from "./message.js";
import { classifySmtpError } from "./smtp-error.js";

export interface SendOptions {
  /** Send again to recipients already marked sent. */
  force?: boolean;
  /** Overrides config.env.smtpUrl (CLI, tests). */
  smtpUrl?: string;
}

export interface SendResult {
  sent: string[];
  skipped: string[];
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Row = Record<string, unknown>;
const run = async (db: Knex, name: string, bindings: readonly Knex.Value[]): Promise<Row[]> =>
  ((await db.raw(sqlFile(`email/${name}`), bindings)) as { rows: Row[] }).rows;

export async function sendReportEmail(
  db: Knex,
  config: AppConfig,
  runId: string,
  log: Logger,
  opts: SendOptions = {},
): Promise<SendResult> {
  const smtpUrl = opts.smtpUrl ?? config.env.smtpUrl;
  if (!smtpUrl)
    throw new ConfigError("SMTP_URL is not set: expected the URL of the SMTP server for the report email");
  const [file] = await run(db, "report_file", [config.report.max_attachment_bytes, runId]);
  if (!file)
    throw new DataError(`no report stored for run ${runId} in etl.report_files: run the report stage first`);
  const bytes = file.bytes as Buffer | null;
  const report: StoredReport = {
    runId,
    fileName: String(file.file_name),
    filePath: String(file.file_path),
    sizeBytes: Number(file.size_bytes),
  };
  const summary = parseSummary(file.summary, `etl.report_files.summary (run_id ${runId})`);

  const transport = nodemailer.createTransport(smtpUrl);
  const result: SendResult = { sent: [], skipped: [] };
  try {
    for (const recipient of config.report.recipients) {
      const msg = buildMessage({
        report,
        summary,
        recipient,
        from: config.report.from,
        locale: config.report.locale,
        tiers: config.tiers,
        maxAttachmentBytes: config.report.max_attachment_bytes,
      });
      const claimed = await run(db, "claim_outbox", [runId, recipient, msg.messageId, opts.force === true]);
      if (!claimed.length) {
        result.skipped.push(recipient);
        continue;
      }
      try {
        await transport.sendMail({
          from: msg.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: msg.messageId,
          attachments:
            msg.attach && bytes ? [{ filename: report.fileName, content: bytes, contentType: XLSX }] : [],
        });
      } catch (err) {
        const failure = classifySmtpError(err);
        await run(db, "mark_failed", [failure.reply, runId, recipient]);
        const where = `report email of run ${runId} (recipient ${result.sent.length + result.skipped.length + 1} of ${config.report.recipients.length})`;
        log.warn("report email failed", { runId, permanent: failure.permanent, sent: result.sent.length });
        if (failure.permanent)
          throw new DataError(`SMTP server rejected the ${where}: ${failure.reply}`, { cause: err });
        throw new TransientError(`could not send the ${where}, will retry: ${failure.reply}`, { cause: err });
      }
      await run(db, "mark_sent", [runId, recipient]);
      result.sent.push(recipient);
    }
  } finally {
    transport.close();
  }
  log.info("report email done", {
    runId,
    sent: result.sent.length,
    alreadySent: result.skipped.length,
    attached: report.sizeBytes <= config.report.max_attachment_bytes,
  });
  return result;
}
