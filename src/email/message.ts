// The report email as data: subject, text and HTML body in the report's language with the tier table,
// a deterministic Message-ID, and whether the workbook fits as an attachment. Pure.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { TierConfig } from "../config/schema.js";
import { labelsFor, tierName, type Locale } from "../report/labels.js";
import type { ReportSummary } from "../report/model.js";

export interface StoredReport {
  runId: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
}

export interface MessageInput {
  report: StoredReport;
  summary: ReportSummary;
  recipient: string;
  from: string;
  locale: Locale;
  tiers: readonly TierConfig[];
  maxAttachmentBytes: number;
}

export interface ReportMessage {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** False when the workbook is over the size limit: the body then says where it is. */
  attach: boolean;
}

/** 12 hex digits of SHA-256 over the normalised address: stable, and no address in the Message-ID. */
export function shortHash(recipient: string): string {
  return createHash("sha256").update(recipient.trim().toLowerCase()).digest("hex").slice(0, 12);
}

export const messageIdFor = (runId: string, recipient: string): string =>
  `<retier.${runId}.${shortHash(recipient)}@retier>`;

const tierSummary = z.object({
  code: z.string(),
  customers: z.number(),
  customer_share: z.number().nullable(),
  revenue_cny: z.number(),
  revenue_share: z.number().nullable(),
  avg_score: z.number().nullable(),
  previous_customers: z.number().nullable(),
});
const summarySchema = z.object({
  run_id: z.string(),
  quarter: z.string(),
  previous_quarter: z.string().nullable(),
  locale: z.enum(["zh-CN", "en"]),
  customers: z.number(),
  revenue_cny: z.number(),
  head_top_share: z.number(),
  head_customers: z.number(),
  head_revenue_share: z.number().nullable(),
  tiers: z.array(tierSummary),
  rejected_rows: z.number(),
  duplicates_merged: z.number(),
  reconciliation_ok: z.boolean(),
});

/** Reads etl.report_files.summary back, naming the first field that is not what the report stage writes. */
export function parseSummary(value: unknown, where: string): ReportSummary {
  const r = summarySchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(
    `${where}: unexpected summary at ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`,
  );
}

export function buildMessage(input: MessageInput): ReportMessage {
  const { report, summary: s, locale } = input;
  const E = labelsFor(locale).email;
  const intl = locale === "en" ? "en-US" : "zh-CN";
  const int = new Intl.NumberFormat(intl, { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat(intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
  const attach = report.sizeBytes <= input.maxAttachmentBytes;

  const header = E.columns;
  const rows = s.tiers.map((t) => [
    tierName(input.tiers, t.code, locale),
    int.format(t.customers),
    pct(t.customer_share),
    money.format(t.revenue_cny),
    pct(t.revenue_share),
    t.previous_customers === null ? "–" : int.format(t.previous_customers),
  ]);
  const lead = [
    E.intro(s.quarter, s.run_id),
    E.totals(int.format(s.customers), money.format(s.revenue_cny)),
    E.head(pct(s.head_revenue_share), pct(s.head_top_share)),
  ];
  const where = attach
    ? [E.attached(report.fileName)]
    : [
        E.tooLarge(megabytes(report.sizeBytes), megabytes(input.maxAttachmentBytes)),
        E.whereFile(report.filePath),
        E.whereDb(report.runId),
      ];

  const text = [E.greeting, "", ...lead, "", textTable(header, rows), "", ...where, "", E.signature, ""].join(
    "\n",
  );
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; font-size: 14px; color: #1f2937">',
    `<p>${esc(E.greeting)}</p>`,
    `<p>${lead.map(esc).join("<br>")}</p>`,
    htmlTable(header, rows),
    `<p>${where.map(esc).join("<br>")}</p>`,
    `<p style="color: #6b7280">${esc(E.signature)}</p>`,
    "</body></html>",
  ].join("\n");
  return {
    messageId: messageIdFor(report.runId, input.recipient),
    from: input.from,
    to: input.recipient,
    subject: E.subject(s.quarter, s.run_id),
    text,
    html,
    attach,
  };
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

function textTable(header: readonly string[], rows: string[][]): string {
  const all = [header as string[], ...rows];
  // East Asian characters take two columns in a monospaced mail client.
  const width = (x: string) => [...x].reduce((w, ch) => w + (/[\u1100-\uFFEF]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) =>
        i === 0 ? c + " ".repeat((widths[i] ?? 0) - width(c)) : " ".repeat((widths[i] ?? 0) - width(c)) + c,
      )
      .join("  ");
  return [line(header as string[]), ...rows.map(line)].join("\n");
}

function htmlTable(header: readonly string[], rows: string[][]): string {
  const cell = (tag: string, c: string, i: number) =>
    `<${tag} style="padding: 4px 10px; border-bottom: 1px solid #d1d5db; text-align: ${i === 0 ? "left" : "right"}">${esc(c)}</${tag}>`;
  return [
    '<table style="border-collapse: collapse">',
    `<tr style="background: #dce6f1">${header.map((c, i) => cell("th", c, i)).join("")}</tr>`,
    ...rows.map((r) => `<tr>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`),
    "</table>",
  ].join("\n");
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
