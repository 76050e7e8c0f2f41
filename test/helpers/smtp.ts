// An in-process SMTP server for tests: accepts (or rejects) every message on 127.0.0.1 and keeps each
// one parsed by mailparser, so a test asserts on what a mail client would show. The server itself is
// the demo's (src/demo/smtp-capture.ts).
import { simpleParser, type ParsedMail } from "mailparser";
import { listenSmtp } from "../../src/demo/smtp-capture.js";

export interface CapturedMail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: Buffer;
}

export interface SmtpCapture {
  port: number;
  url: string;
  messages: CapturedMail[];
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** Refuse every message after DATA with this reply (e.g. { code: 550, message: "mailbox unavailable" }). */
  reject?: { code: number; message: string };
}

export async function startSmtpCapture(opts: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const { port, url, close } = await listenSmtp(async (raw, envelope) => {
    if (opts.reject) throw Object.assign(new Error(opts.reject.message), { responseCode: opts.reject.code });
    messages.push({
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : null,
      envelopeTo: envelope.rcptTo.map((r) => r.address),
      parsed: await simpleParser(raw),
      raw,
    });
  });
  return { port, url, messages, close };
}
