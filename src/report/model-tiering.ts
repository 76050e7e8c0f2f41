// The model sheet: thresholds from config, cluster sizes and method agreement from the warehouse, and
// the stored etl.tier_models jsonb shown defensively (its shape belongs to the tier stage). Pure.
import type { ReportFacts } from "./facts.js";
import type { Block, ModelContext } from "./model.js";
import type { CellValue } from "./safe-cell.js";

const MAX_ROWS = 2000;
const MAX_INLINE = 12;

export function tieringSheet(facts: ReportFacts, ctx: ModelContext): Block[] {
  const M = ctx.labels.model;
  const [tTier, tMin] = M.thresholds.columns as [string, string];
  const blocks: Block[] = [
    {
      title: M.thresholds.title,
      columns: [
        { header: tTier, kind: "text", width: 18 },
        { header: tMin, kind: "score", width: 14 },
      ],
      rows: ctx.tiers.map((t) => [ctx.name(t.code), t.min_score]),
    },
  ];
  if (facts.clusters.some((c) => c.cluster !== null)) {
    const [cCluster, cCount, cScore] = M.clusters.columns as [string, string, string];
    blocks.push({
      title: M.clusters.title,
      columns: [
        { header: cCluster, kind: "auto", width: 18 },
        { header: cCount, kind: "int", width: 14 },
        { header: cScore, kind: "score", width: 14 },
      ],
      rows: facts.clusters.map((c) => [c.cluster, c.customers, c.avg_score]),
    });
  }
  const a = facts.agreement;
  if (a.customers > 0) {
    blocks.push({
      title: M.agreement.title,
      columns: [
        { header: M.agreement.customers, kind: "int", width: 18 },
        { header: M.agreement.compared, kind: "int", width: 14 },
        { header: M.agreement.agreeing, kind: "int", width: 14 },
        { header: M.agreement.rate, kind: "percent", width: 14 },
      ],
      rows: [[a.customers, a.compared, a.agreeing, a.compared ? a.agreeing / a.compared : null]],
    });
  }
  return [...blocks, ...storedModelBlocks(facts.tierModel, ctx)];
}

function storedModelBlocks(model: unknown, ctx: ModelContext): Block[] {
  const M = ctx.labels.model;
  if (model === null || model === undefined)
    return [{ title: M.stored, columns: [{ header: M.key, kind: "text", width: 18 }], rows: [[M.missing]] }];
  const blocks: Block[] = [];
  const rest: [string, unknown][] = [];
  const entries: [string, unknown][] =
    typeof model === "object" && !Array.isArray(model)
      ? Object.entries(model as Record<string, unknown>)
      : [["model", model]];
  for (const [k, v] of entries) {
    const matrix = k === "centroids" ? numberMatrix(v) : null;
    if (matrix) blocks.push(centroidBlock(matrix, featureNames(model), ctx));
    else rest.push([k, v]);
  }
  const rows: CellValue[][] = [];
  for (const [k, v] of rest) flatten(v, "", (path, value) => rows.push([M.keys[k] ?? k, path, value]), rows);
  if (rows.length >= MAX_ROWS) rows.push(["…", `${MAX_ROWS}+`, null]);
  blocks.unshift({
    title: M.stored,
    columns: [
      { header: M.key, kind: "text", width: 18 },
      { header: "", kind: "text", width: 28 },
      { header: M.value, kind: "auto", width: 18 },
    ],
    rows,
  });
  return blocks;
}

/** Walks a JSON value, emitting (path, scalar) pairs; long numeric arrays are shown inline. */
export function flatten(
  value: unknown,
  path: string,
  emit: (path: string, v: CellValue) => void,
  budget: { length: number },
): void {
  if (budget.length >= MAX_ROWS) return;
  if (value === null || value === undefined) return emit(path, null);
  if (typeof value === "number") return emit(path, value);
  if (typeof value === "string") return emit(path, value);
  if (typeof value === "boolean") return emit(path, String(value));
  if (Array.isArray(value)) {
    if (value.length > MAX_INLINE && value.every((x) => typeof x === "number")) {
      const shown = value
        .slice(0, MAX_INLINE)
        .map((x) => round(x as number))
        .join(", ");
      return emit(path, `[${shown}, … (${value.length})]`);
    }
    value.forEach((x, i) => flatten(x, `${path}[${i}]`, emit, budget));
    return;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, path ? `${path}.${k}` : k, emit, budget);
    return;
  }
  emit(path, String(value));
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function numberMatrix(v: unknown): number[][] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  if (!v.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"))) return null;
  return v as number[][];
}

function featureNames(model: unknown): string[] | null {
  if (typeof model !== "object" || model === null) return null;
  const m = model as Record<string, unknown>;
  for (const k of ["features", "indicators", "feature_names", "columns"]) {
    const v = m[k];
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  }
  return null;
}

function centroidBlock(matrix: number[][], names: string[] | null, ctx: ModelContext): Block {
  const M = ctx.labels.model;
  const width = Math.max(...matrix.map((r) => r.length));
  const header = (i: number) => (names && names.length === width ? names[i]! : `#${i + 1}`);
  return {
    title: M.centroids.title,
    columns: [
      { header: M.centroids.cluster, kind: "int", width: 10 },
      ...Array.from({ length: width }, (_, i) => ({
        header: header(i),
        kind: "decimal" as const,
        width: 14,
      })),
    ],
    rows: matrix.map((r, i) => [i, ...r]),
    colorScale: false,
  };
}
