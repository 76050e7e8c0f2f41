// The report as data: turns query results into sheets of typed rows with labels in the report's
// language, plus the summary numbers stored with the file and mailed. Pure.
import type { Rule, TierConfig } from "../config/schema.js";
import type { ReportFacts, TierCountFact } from "./facts.js";
import { dateOrNull, ratio, round2, sheetName } from "./format.js";
import { labelsFor, tierName, type Labels, type Locale } from "./labels.js";
import { adjustmentColumns, customerColumns } from "./list-rows.js";
import { migrationSheet } from "./model-migration.js";
import { qualitySheet, reconciliationOk } from "./model-quality.js";
import { summaryBlocks } from "./model-summary.js";
import { tieringSheet } from "./model-tiering.js";
import type { CellValue } from "./safe-cell.js";

export type { CellValue } from "./safe-cell.js";

/** How a column is shown: its number format and alignment. `auto` formats numbers and dates as they come. */
export type CellKind =
  "text" | "int" | "money" | "percent" | "score" | "decimal" | "datetime" | "bar" | "auto";

export interface ColumnSpec {
  header: string;
  kind: CellKind;
  width: number;
}

export interface Block {
  title: string | null;
  columns: ColumnSpec[];
  rows: CellValue[][];
  /** The last row is a total (shown bold). */
  totalRow?: boolean;
  /** Colour-scale the body, leaving out the first column and, when totals are shown, the last row and column. */
  colorScale?: boolean;
  note?: string;
}

export interface BlockSheet {
  kind: "blocks";
  name: string;
  blocks: Block[];
}

export type ListSource = { kind: "tier"; tier: string } | { kind: "adjustments" };

/** A list streamed from the warehouse, continued on further sheets past Excel's row limit. */
export interface ListSheet {
  kind: "list";
  name: string;
  columns: ColumnSpec[];
  source: ListSource;
}

export type SheetModel = BlockSheet | ListSheet;

export interface TierSummary {
  code: string;
  customers: number;
  customer_share: number | null;
  revenue_cny: number;
  revenue_share: number | null;
  avg_score: number | null;
  previous_customers: number | null;
}

/** The numbers stored in etl.report_files.summary and shown in the email. */
export interface ReportSummary {
  run_id: string;
  quarter: string;
  previous_quarter: string | null;
  locale: Locale;
  customers: number;
  revenue_cny: number;
  head_top_share: number;
  head_customers: number;
  head_revenue_share: number | null;
  tiers: TierSummary[];
  rejected_rows: number;
  duplicates_merged: number;
  reconciliation_ok: boolean;
}

export interface ReportModel {
  title: string;
  createdAt: Date;
  sheets: SheetModel[];
  summary: ReportSummary;
}

export interface ReportOptions {
  tiers: readonly TierConfig[];
  rules: readonly Rule[];
  locale: Locale;
  timezone: string;
  topShare: number;
}

export interface ModelContext extends ReportOptions {
  labels: Labels;
  /** Tier codes, highest first: the configured tiers, then any unknown ones found in the data. */
  order: string[];
  name: (code: string) => string;
  date: (at: Date | null) => Date | null;
}

export function modelContext(opts: ReportOptions, seen: Iterable<string> = []): ModelContext {
  const order = opts.tiers.map((t) => t.code);
  for (const code of seen) if (!order.includes(code)) order.push(code);
  return {
    ...opts,
    labels: labelsFor(opts.locale),
    order,
    name: (code) => tierName(opts.tiers, code, opts.locale),
    date: (at) => dateOrNull(at, opts.timezone),
  };
}

/** The context for a report: configured tiers first, then tiers the data has that the configuration lacks. */
export function reportContext(facts: ReportFacts, opts: ReportOptions): ModelContext {
  const seen = [...facts.current, ...facts.previous].map((t) => t.tier);
  for (const m of facts.migration) seen.push(m.final_tier, ...(m.previous_tier ? [m.previous_tier] : []));
  return modelContext(opts, seen);
}

export function buildReportModel(facts: ReportFacts, opts: ReportOptions): ReportModel {
  const ctx = reportContext(facts, opts);
  const L = ctx.labels;
  const summary = buildSummary(facts, ctx);
  const taken = new Set<string>();
  const sheets: SheetModel[] = [
    { kind: "blocks", name: sheetName(L.sheets.summary, taken), blocks: summaryBlocks(facts, summary, ctx) },
    {
      kind: "blocks",
      name: sheetName(L.sheets.migration, taken),
      blocks: [migrationSheet(facts.migration, ctx)],
    },
  ];
  for (const t of opts.tiers)
    sheets.push({
      kind: "list",
      name: sheetName(L.tierList(ctx.name(t.code)), taken),
      columns: customerColumns(L),
      source: { kind: "tier", tier: t.code },
    });
  sheets.push(
    {
      kind: "list",
      name: sheetName(L.sheets.adjustments, taken),
      columns: adjustmentColumns(L),
      source: { kind: "adjustments" },
    },
    { kind: "blocks", name: sheetName(L.sheets.quality, taken), blocks: qualitySheet(facts, ctx) },
    { kind: "blocks", name: sheetName(L.sheets.model, taken), blocks: tieringSheet(facts, ctx) },
  );
  return { title: L.title(facts.run.quarter), createdAt: facts.generatedAt, sheets, summary };
}

export function buildSummary(facts: ReportFacts, ctx: ModelContext): ReportSummary {
  const byTier = (rows: TierCountFact[]) => new Map(rows.map((r) => [r.tier, r]));
  const now = byTier(facts.current);
  const before = byTier(facts.previous);
  const customers = facts.current.reduce((s, r) => s + r.customers, 0);
  const revenue = facts.current.reduce((s, r) => s + r.revenue_cny, 0);
  const tiers = ctx.order
    .filter((code) => ctx.tiers.some((t) => t.code === code) || now.has(code))
    .map((code): TierSummary => {
      const r = now.get(code);
      const c = r?.customers ?? 0;
      const rev = r?.revenue_cny ?? 0;
      return {
        code,
        customers: c,
        customer_share: ratio(c, customers),
        revenue_cny: rev,
        revenue_share: ratio(rev, revenue),
        avg_score: r?.avg_score ?? null,
        previous_customers: facts.previousQuarter === null ? null : (before.get(code)?.customers ?? 0),
      };
    });
  const merged = facts.dedupe.source_rows - facts.dedupe.golden_customers;
  return {
    run_id: facts.run.run_id,
    quarter: facts.run.quarter,
    previous_quarter: facts.previousQuarter,
    locale: ctx.locale,
    customers,
    revenue_cny: round2(revenue),
    head_top_share: ctx.topShare,
    head_customers: facts.head.head_customers,
    head_revenue_share: ratio(facts.head.head_revenue_cny, facts.head.total_revenue_cny),
    tiers,
    rejected_rows: facts.rejects.reduce((s, r) => s + r.rows, 0),
    duplicates_merged: Math.max(0, merged),
    reconciliation_ok: reconciliationOk(facts),
  };
}
