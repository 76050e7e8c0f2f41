// The demo's local SMTP capture server: accepts every message on 127.0.0.1 and writes it as an .eml file.
// `listenSmtp` is the server setup itself, shared with the tests' capture (test/helpers/smtp.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer, type SMTPServerEnvelope } from "smtp-server";

export interface SmtpListener {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * An SMTP server on a free port of 127.0.0.1, without TLS or authentication, that hands every
 * message's raw bytes to `onMessage`. A throw or rejection there refuses the message after DATA, with
 * the error's `responseCode` as the reply code when it has one.
 */
export async function listenSmtp(
  onMessage: (raw: Buffer, envelope: SMTPServerEnvelope) => void | Promise<void>,
): Promise<SmtpListener> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", callback);
      stream.on("end", () => {
        Promise.resolve()
          .then(() => onMessage(Buffer.concat(chunks), session.envelope))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SmtpCapture {
  url: string;
  dir: string;
  files: string[];
  close(): Promise<void>;
}

export async function startSmtpCapture(dir: string): Promise<SmtpCapture> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let n = 0;
  const { url, close } = await listenSmtp((raw, envelope) => {
    const to = envelope.rcptTo.map((r) => r.address.replace(/[^A-Za-z0-9._-]/g, "_")).join("+");
    const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${++n}-${to}.eml`);
    writeFileSync(file, raw);
    files.push(file);
  });
  return { url, dir, files, close };
}
