// winston logger: JSON lines outside a TTY, readable on one; secrets and contact PII masked in every line.
import winston from "winston";

export type Logger = winston.Logger;

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;
// Chinese mobiles and landlines in the formats the sources use (+86, 0086, spaces, dashes).
const PHONE =
  /(?<![\w.])(?:\+?86[ -]?|0086[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![\w.])/g;

/** Masks passwords in URLs, emails and phone numbers in any text. */
export function redact(text: string): string {
  return text
    .replace(URL_PASSWORD, "$1***@")
    .replace(EMAIL, "$1***@$2")
    .replace(PHONE, (m) => `${m.slice(0, 3)}****${m.slice(-2)}`);
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    const v = info[key];
    if (typeof v === "string") info[key] = redact(v);
  }
  if (typeof info.stack === "string") info.stack = redact(info.stack);
  return info;
});

export function createLogger(
  opts: { level?: string; json?: boolean; stream?: NodeJS.WritableStream } = {},
): Logger {
  const json = opts.json ?? !process.stderr.isTTY;
  const format = json
    ? winston.format.combine(
        redactFormat(),
        winston.format.timestamp(),
        winston.format.errors({ stack: true }),
        winston.format.json(),
      )
    : winston.format.combine(
        redactFormat(),
        winston.format.timestamp({ format: "HH:mm:ss" }),
        winston.format.colorize(),
        winston.format.printf(({ level, message, timestamp, runId, stage, jobId: _j, ...rest }) => {
          const ctx = [runId, stage].filter(Boolean).join("/");
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
          return `${timestamp} ${level} ${ctx ? `[${ctx}] ` : ""}${message}${extra}`;
        }),
      );
  const transport = opts.stream
    ? new winston.transports.Stream({ stream: opts.stream })
    : new winston.transports.Stream({ stream: process.stderr });
  return winston.createLogger({ level: opts.level ?? "info", format, transports: [transport] });
}
