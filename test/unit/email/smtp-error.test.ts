import { describe, expect, it } from "vitest";
import { classifySmtpError } from "../../../src/email/smtp-error.js";

const err = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? "boom")), fields);

describe("classifySmtpError", () => {
  it("treats 5xx replies as permanent, keeping the reply", () => {
    expect(classifySmtpError(err({ responseCode: 550, response: "550 5.1.1 mailbox unavailable" }))).toEqual({
      permanent: true,
      reply: "550 5.1.1 mailbox unavailable",
    });
  });

  it("treats 4xx, 503 and connection failures as transient", () => {
    expect(classifySmtpError(err({ responseCode: 451, response: "451 try later" })).permanent).toBe(false);
    expect(classifySmtpError(err({ responseCode: 503, response: "503 bad sequence" })).permanent).toBe(false);
    expect(classifySmtpError(err({ code: "ECONNECTION", message: "connect ECONNREFUSED" }))).toEqual({
      permanent: false,
      reply: "connect ECONNREFUSED",
    });
  });

  it("trusts nodemailer's own verdict and looks into per-recipient rejections", () => {
    expect(classifySmtpError(err({ responseCode: 550, permanent: false })).permanent).toBe(false);
    const envelope = err({
      code: "EENVELOPE",
      rejectedErrors: [err({ responseCode: 553, response: "553 no such user" })],
    });
    expect(classifySmtpError(envelope)).toEqual({ permanent: true, reply: "553 no such user" });
  });
});
