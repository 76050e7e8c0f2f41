// The summary sheet: tier distribution, value pyramid, head-customer contribution, change vs the previous
// quarter, and the run's facts. Pure.
import type { ReportFacts } from "./facts.js";
import { round2 } from "./format.js";
import type { Block, ColumnSpec, ModelContext, ReportSummary } from "./model.js";

export function summaryBlocks(facts: ReportFacts, s: ReportSummary, ctx: ModelContext): Block[] {
  const L = ctx.labels;
  const col = (header: string, kind: ColumnSpec["kind"], width = 14): ColumnSpec => ({ header, kind, width });
  const [dTier, dCount, dShare, dRev, dRevShare, dScore] = L.distribution.columns as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const totalScore = s.customers
    ? s.tiers.reduce((a, t) => a + (t.avg_score ?? 0) * t.customers, 0) / s.customers
    : null;
  const distribution: Block = {
    title: L.distribution.title,
    columns: [
      col(dTier, "text", 16),
      col(dCount, "int"),
      col(dShare, "percent"),
      col(dRev, "money", 20),
      col(dRevShare, "percent"),
      col(dScore, "score"),
    ],
    rows: [
      ...s.tiers.map((t) => [
        ctx.name(t.code),
        t.customers,
        t.customer_share,
        t.revenue_cny,
        t.revenue_share,
        t.avg_score,
      ]),
      [
        L.distribution.total,
        s.customers,
        s.customers ? 1 : null,
        s.revenue_cny,
        s.revenue_cny ? 1 : null,
        totalScore,
      ],
    ],
    totalRow: true,
  };
  const widest = Math.max(1, ...s.tiers.map((t) => t.customers));
  const [pTier, pCount, pBar] = L.pyramid.columns as [string, string, string];
  const pyramid: Block = {
    title: L.pyramid.title,
    columns: [col(pTier, "text", 16), col(pCount, "int"), col(pBar, "bar", 34)],
    rows: s.tiers.map((t) => [ctx.name(t.code), t.customers, bar(t.customers, widest)]),
  };
  const head: Block = {
    title: L.head.title,
    columns: [
      col(L.head.top_share, "percent", 16),
      col(L.head.customers, "int"),
      col(L.head.revenue, "money", 20),
      col(L.head.revenue_share, "percent"),
    ],
    rows: [[s.head_top_share, s.head_customers, round2(facts.head.head_revenue_cny), s.head_revenue_share]],
  };
  const [cTier, cPrev, cNow, cDiff, cPct] = L.change.columns as [string, string, string, string, string];
  const change: Block = {
    title: L.change.title(facts.previousQuarter),
    columns: [
      col(cTier, "text", 16),
      col(cPrev, "int"),
      col(cNow, "int"),
      col(cDiff, "int"),
      col(cPct, "percent"),
    ],
    rows: s.tiers.map((t) => {
      const prev = t.previous_customers;
      return [
        ctx.name(t.code),
        prev,
        t.customers,
        prev === null ? null : t.customers - prev,
        prev ? (t.customers - prev) / prev : null,
      ];
    }),
  };
  return [distribution, pyramid, head, change, ...runBlocks(facts, ctx)];
}

/** A centred text bar, at most 30 blocks wide; a tier with customers always shows at least one. */
export function bar(count: number, widest: number): string {
  if (count <= 0) return "";
  return "█".repeat(Math.max(1, Math.round((30 * count) / widest)));
}

function runBlocks(facts: ReportFacts, ctx: ModelContext): Block[] {
  const L = ctx.labels;
  const r = facts.run;
  const run: Block = {
    title: L.run.title,
    columns: [
      { header: L.run.key, kind: "text", width: 16 },
      { header: L.run.value, kind: "auto", width: 20 },
    ],
    rows: [
      [L.run.run_id, r.run_id],
      [L.run.quarter, r.quarter],
      [L.run.trigger, r.trigger],
      [L.run.status, r.status],
      [L.run.config_hash, r.config_hash],
      [L.run.as_of, ctx.date(r.as_of_at)],
      [L.run.started, ctx.date(r.started_at)],
      [L.run.finished, ctx.date(r.finished_at)],
      [L.run.generated, ctx.date(facts.generatedAt)],
    ],
  };
  const kinds: ColumnSpec["kind"][] = [
    "text",
    "text",
    "int",
    "int",
    "int",
    "int",
    "datetime",
    "datetime",
    "decimal",
  ];
  const stages: Block = {
    title: L.stages.title,
    columns: L.stages.columns.map((header, i) => ({
      header,
      kind: kinds[i] ?? "auto",
      width: i >= 6 ? 19 : 12,
    })),
    rows: facts.stages.map((s) => [
      s.stage,
      s.status,
      s.attempts,
      s.rows_in,
      s.rows_out,
      s.rows_rejected,
      ctx.date(s.started_at),
      ctx.date(s.finished_at),
      s.started_at && s.finished_at ? (s.finished_at.getTime() - s.started_at.getTime()) / 1000 : null,
    ]),
  };
  return [run, stages];
}
