// Columns and row mapping of the streamed lists: customers per tier, and the rule/override adjustments. Pure.
import type { AdjustmentRecord, CustomerRecord } from "./facts.js";
import { ruleDetails, ruleIds, tierMove, toNumber } from "./format.js";
import type { Labels } from "./labels.js";
import type { CellKind, ColumnSpec, ModelContext } from "./model.js";
import type { CellValue } from "./safe-cell.js";

const spec = (headers: readonly string[], kinds: CellKind[], widths: number[]): ColumnSpec[] =>
  headers.map((header, i) => ({ header, kind: kinds[i] ?? "text", width: widths[i] ?? 14 }));

export const customerColumns = (L: Labels): ColumnSpec[] =>
  spec(
    L.list,
    ["text", "text", "text", "score", "money", "money", "int", "int", "text", "text", "text"],
    [16, 32, 10, 9, 18, 18, 9, 13, 12, 8, 30],
  );

export const adjustmentColumns = (L: Labels): ColumnSpec[] =>
  spec(
    L.adjustments,
    ["text", "text", "text", "text", "text", "text", "text", "text"],
    [16, 32, 12, 12, 12, 8, 28, 60],
  );

export function customerRow(r: CustomerRecord, ctx: ModelContext): CellValue[] {
  return [
    r.customer_id,
    r.customer_name,
    r.region_code,
    r.score,
    toNumber(r.revenue_cny),
    toNumber(r.gross_profit_cny),
    r.order_count,
    r.recency_days,
    r.previous_tier === null ? null : ctx.name(r.previous_tier),
    tierMove(ctx.order, r.previous_tier, r.final_tier, ctx.labels.change_new),
    ruleIds(r.rules_applied).join(", ") || null,
  ];
}

export function adjustmentRow(r: AdjustmentRecord, ctx: ModelContext): CellValue[] {
  const ids = ruleIds(r.rules_applied);
  const details = ruleDetails(r.rules_applied);
  const why = ids.map((id) => {
    const rule = ctx.rules.find((x) => x.id === id);
    const text = rule?.description || details.get(id);
    return text ? `${id}: ${text}` : id;
  });
  if (r.is_override) {
    const who = r.override_approver ? ` (${r.override_approver})` : "";
    why.push(`${ctx.labels.override(r.override_kind)}: ${r.override_reason ?? "?"}${who}`);
  }
  const tags = (r.tags ?? []).filter((t) => !ids.includes(t));
  return [
    r.customer_id,
    r.customer_name,
    r.previous_tier === null ? null : ctx.name(r.previous_tier),
    ctx.name(r.model_tier),
    ctx.name(r.final_tier),
    tierMove(ctx.order, r.model_tier, r.final_tier, ctx.labels.change_new),
    [...ids, ...(r.is_override ? [ctx.labels.override(r.override_kind)] : [])].join(", ") || null,
    [...why, ...(tags.length ? [`tags: ${tags.join(", ")}`] : [])].join("; ") || null,
  ];
}
