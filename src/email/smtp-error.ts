// Sorts an SMTP failure into permanent (the server refused the message: retrying gets the same answer)
// or transient (connection trouble, 4xx: retry later), keeping the server's reply. Pure.

export interface SmtpFailure {
  permanent: boolean;
  /** The server's reply when there was one, else the client's error message. */
  reply: string;
}

interface SmtpErrorFields {
  message?: unknown;
  response?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
  rejectedErrors?: unknown;
}

/** RFC 5321: 5yz is a permanent rejection, except 503 (bad sequence: the session, not the message). */
export const isPermanentCode = (code: number): boolean => code >= 500 && code < 600 && code !== 503;

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as SmtpErrorFields;
  const nested = Array.isArray(e.rejectedErrors) ? (e.rejectedErrors as SmtpErrorFields[]) : [];
  const withReply = [e, ...nested].find((x) => typeof x.responseCode === "number");
  const reply =
    (typeof withReply?.response === "string" && withReply.response) ||
    (typeof e.response === "string" && e.response) ||
    (typeof e.message === "string" ? e.message : String(err));
  // nodemailer ≥ 10 sets `permanent` from the reply class itself; older versions leave us the code.
  if (typeof e.permanent === "boolean") return { permanent: e.permanent, reply };
  const code = withReply?.responseCode;
  return { permanent: typeof code === "number" && isPermanentCode(code), reply };
}
