// The demo's local SMTP capture server: accepts every message on 127.0.0.1 and writes it as an .eml file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

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
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address.replace(/[^A-Za-z0-9._-]/g, "_")).join("+");
        const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${++n}-${to}.eml`);
        writeFileSync(file, Buffer.concat(chunks));
        files.push(file);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dir,
    files,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
