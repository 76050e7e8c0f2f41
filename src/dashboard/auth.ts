// Who may use the dashboard. On a loopback address without a token, anyone on this machine; bound
// anywhere else a token is required, and whenever a token is set every request must carry it.
import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ConfigError } from "../errors.js";

export const TOKEN_COOKIE = "retier_dashboard_token";

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Refuses a non-loopback binding without a token, before anything listens. */
export function checkBinding(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token)
    throw new ConfigError(
      `the dashboard binds to ${host}, which is not a loopback address: set RETIER_DASHBOARD_TOKEN ` +
        `(every request must then carry it), or bind to 127.0.0.1`,
    );
}

const digest = (s: string) => createHash("sha256").update(s).digest();
/** Constant-time comparison over digests, so neither content nor length leaks through timing. */
export const tokenMatches = (given: string | undefined, token: string) =>
  given !== undefined && timingSafeEqual(digest(given), digest(token));

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/**
 * Accepts `Authorization: Bearer <token>`, the session cookie, or `?token=` once (a browser link):
 * that sets the cookie and redirects to the same page without the token in the address.
 */
export function requireToken(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (tokenMatches(bearer, token) || tokenMatches(cookie(req, TOKEN_COOKIE), token)) return next();
    const query = typeof req.query.token === "string" ? req.query.token : undefined;
    if (req.method === "GET" && tokenMatches(query, token)) {
      res.setHeader(
        "Set-Cookie",
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      );
      const url = new URL(req.originalUrl, "http://dashboard");
      url.searchParams.delete("token");
      res.redirect(302, url.pathname + url.search);
      return;
    }
    res.setHeader("WWW-Authenticate", 'Bearer realm="retier"');
    res.status(401).type("text/plain").send("401: this dashboard needs its token (RETIER_DASHBOARD_TOKEN)\n");
  };
}
