// Mails the data engineers when a run fails for good, once per failure and recipient (an outbox row
// is claimed before sending). Never throws: an alert that cannot go out is logged, the run stays failed.
import nodemailer from "nodemailer";
import type { AppConfig } from "../config/load.js";
import type { Db } from "../db/warehouse.js";
import { classifySmtpError } from "../email/smtp-error.js";
import { errorMessage } from "../errors.js";
import { redact, type Logger } from "../log.js";
import { getRun } from "../runs/ledger.js";
import { alertKey, buildAlert, type RunFailure } from "./alert-message.js";

export interface AlertDeps {
  db: Db;
  config: AppConfig;
  log: Logger;
}

export interface AlertResult {
  sent: number;
  skipped: number;
  failed: number;
}

/** `failure.error` may hold anything a stage threw: it is redacted before it goes into a mail. */
export async function notifyRunFailed(deps: AlertDeps, failure: RunFailure): Promise<AlertResult> {
  const { db, config, log } = deps;
  const result: AlertResult = { sent: 0, skipped: 0, failed: 0 };
  const recipients = config.alerts?.recipients ?? [];
  const smtpUrl = config.env.smtpUrl;
  if (!recipients.length || !smtpUrl) {
    log.warn(
      `run failed; no alert sent (${recipients.length ? "SMTP_URL is not set" : "no alerts.recipients"})`,
    );
    return result;
  }
  const f: RunFailure = { ...failure, error: redact(failure.error) };
  const key = alertKey(f);
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  try {
    // A cancelled run is not a failure to announce.
    if ((await getRun(db, f.runId))?.status !== "failed") return result;
    transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    for (const recipient of recipients) {
      const msg = buildAlert(f, recipient, config.alerts?.from ?? config.report.from);
      const claimed = await db("etl.alert_outbox")
        .insert({ run_id: f.runId, alert_key: key, recipient, message_id: msg.messageId, status: "sending" })
        .onConflict(["run_id", "alert_key", "recipient"])
        .ignore()
        .returning("recipient");
      if (!claimed.length) {
        result.skipped++;
        continue;
      }
      const where = { run_id: f.runId, alert_key: key, recipient };
      try {
        await transport.sendMail({ ...msg });
        await db("etl.alert_outbox").where(where).update({ status: "sent", sent_at: db.fn.now() });
        result.sent++;
      } catch (err) {
        const reply = classifySmtpError(err).reply;
        await db("etl.alert_outbox").where(where).update({ status: "failed", error: reply });
        result.failed++;
        log.error(`could not send the failure alert: ${reply}`);
      }
    }
  } catch (err) {
    log.error(`could not send the failure alert: ${errorMessage(err)}`);
  } finally {
    transport?.close();
  }
  log.info("failure alert done", { ...result, alertKey: key });
  return result;
}
