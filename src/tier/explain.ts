// "Why is this customer Gold?": the text `retier score` prints — each indicator's value, points and share
// of the score, the tiers each method gave, every rule that fired with before → after, and whether the
// re-score reproduces what the run stored. Pure.
import type { Rule } from "../config/schema.js";
import { indicatorPoints } from "./normalise.js";
import type { CustomerInput, TierModel, TierResult } from "./tier-model.js";

/** What core.customer_tiers holds for the customer. */
export interface StoredResult {
  score: number;
  cluster: number | null;
  threshold_tier: string;
  kmeans_tier: string | null;
  model_tier: string;
  final_tier: string;
}

export interface ExplainContext {
  quarter: string;
  runId: string;
  sameConfig: boolean;
  input: CustomerInput;
  model: TierModel;
  result: TierResult;
  stored: StoredResult | null;
  rules: readonly Rule[];
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);

function value(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "(missing)";
  return Number.isInteger(v) ? String(v) : fmt(v, 4);
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "),
  );
}

export function explain(ctx: ExplainContext): string {
  const { result: r, model, input } = ctx;
  const lines: string[] = [];
  lines.push(
    `customer ${r.customer_id} · ${ctx.quarter} (model of run ${ctx.runId}, method ${model.method})`,
  );
  lines.push(`score ${fmt(r.score)} of 100${r.cluster === null ? "" : ` · K-means cluster ${r.cluster}`}`);
  lines.push("");
  const rows = [["indicator", "value", "points", "weight", "score points"]];
  model.normalisation.indicators.forEach((p, j) => {
    const w = model.weights.indicators[j]!.weight;
    const v = input.features[p.feature];
    const pts = indicatorPoints(p, v);
    rows.push([p.indicator, value(v), fmt(pts), `${fmt(w * 100, 1)}%`, fmt(pts * w)]);
  });
  lines.push(...pad(rows).map((l) => `  ${l}`));
  lines.push("");
  const top = r.top_contributors.map((c) => `${c.indicator} ${fmt(c.points)}`).join(", ");
  lines.push(`top contributors: ${top || "(none)"}`);
  lines.push(
    `tiers: threshold ${r.threshold_tier} · K-means ${r.kmeans_tier ?? "(skipped)"} · model (${model.method}) ${r.model_tier} · final ${r.final_tier}`,
  );
  if (r.rules_applied.length === 0) lines.push("rules: none fired");
  else {
    lines.push("rules, in order:");
    const described = new Map(ctx.rules.map((x) => [x.id, x.description]));
    r.rules_applied.forEach((a, i) => {
      const change = a.before === a.after ? `${a.before} (unchanged)` : `${a.before} → ${a.after}`;
      const why = a.reason
        ? ` — ${a.reason} (approved by ${a.approver ?? "?"})`
        : described.has(a.rule)
          ? ` — ${described.get(a.rule)}`
          : "";
      lines.push(`  ${i + 1}. ${a.rule} [${a.tag ? `tag ${a.tag}` : a.action}]: ${change}${why}`);
    });
  }
  if (r.tags.length) lines.push(`tags: ${r.tags.join(", ")}`);
  lines.push("");
  lines.push(comparison(ctx));
  return lines.join("\n");
}

function comparison(ctx: ExplainContext): string {
  const { result: r, stored: s } = ctx;
  const note = ctx.sameConfig ? "" : " (the config changed since that run: rules and tiers are today's)";
  if (!s) return `the run stored no result for this customer${note}`;
  const same = Math.abs(s.score - r.score) < 1e-9 && s.final_tier === r.final_tier;
  if (same) return `reproduces run ${ctx.runId}: score ${fmt(s.score)}, final tier ${s.final_tier}${note}`;
  return `differs from run ${ctx.runId}, which stored score ${fmt(s.score)}, model tier ${s.model_tier}, final tier ${s.final_tier}${note}; overrides added or removed since also count`;
}
