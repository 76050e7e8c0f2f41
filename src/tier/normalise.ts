// Indicator normalisation: transform, winsorise at the fitted p1/p99, min-max to 0–100 points with
// "higher is better" everywhere. Fit once per run; the parameters are stored so one customer can be
// re-scored later exactly as the run scored it. Pure.

export type MissingPolicy = "worst" | "median";

export interface IndicatorSpec {
  indicator: string;
  feature: string;
  direction: "higher" | "lower";
  transform: "none" | "log" | "symlog";
}

/** Fitted parameters of one indicator; all values are in the transformed space and always finite. */
export interface IndicatorParams extends IndicatorSpec {
  p1: number;
  p99: number;
  /** Extremes of the transformed data before winsorising (for the report). */
  min: number;
  max: number;
  /** The range mapped onto 0–100: [p1, p99], or [min, max] when p1 = p99 (see fitIndicator). */
  lo: number;
  hi: number;
  missing: MissingPolicy;
  /** Points given to a missing (null, undefined, NaN, ±Infinity) value. */
  fill: number;
  /** Non-missing values seen when fitting. */
  count: number;
}

export interface NormParams {
  indicators: IndicatorParams[];
}

export type FeatureRow = Readonly<Record<string, number | null | undefined>>;

/**
 * Which missing values are worst and which are neutral. A null in an activity feature means
 * "no orders in the window", which is the worst value, so it earns 0 points (a missing recency is
 * a customer who never ordered). Every other feature's null means "unknown" (no paid invoices, not
 * rated, no previous window, no creation date), which should neither reward nor punish: it gets the
 * points of the fitted median. Features not listed here are "median".
 */
export const DEFAULT_MISSING: Readonly<Record<string, MissingPolicy>> = {
  revenue_cny: "worst",
  gross_profit_cny: "worst",
  order_count: "worst",
  recency_days: "worst",
};

/** Points for a feature that cannot separate customers (constant or all missing). */
export const CONSTANT_POINTS = 50;

function transformed(spec: IndicatorSpec, v: number | null | undefined): number {
  if (v === null || v === undefined || !Number.isFinite(v)) return NaN;
  // log1p keeps 0 at 0 and tames heavy-tailed money; negatives (refund-heavy windows) count as 0.
  if (spec.transform === "log") return Math.log1p(Math.max(0, v));
  // symlog, sign(v)·log1p(|v|), for signed ratios with a long tail (growth: −100% … +1000%): nearly linear
  // within ±100%, compressed beyond, so a few customers growing from a tiny base cannot take the whole
  // 0–100 range and leave a steady customer at a few points.
  if (spec.transform === "symlog") return Math.sign(v) * Math.log1p(Math.abs(v));
  return v;
}

/** Linear-interpolation quantile of sorted values (numpy's default), q in [0, 1]. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  return a + (h - lo) * (b - a);
}

/** Points (0–100, higher is better) of a transformed value under fitted parameters. */
function pointsOf(p: Omit<IndicatorParams, "fill" | "missing" | "count">, x: number): number {
  // Winsorising at p1/p99 can collapse a column where ≥ 98% share one value (say overdue_share = 0);
  // then lo/hi fall back to min/max so the few different customers still count. Only a truly
  // constant column gives everyone the same, neutral, points.
  if (!(p.hi > p.lo)) return CONSTANT_POINTS;
  const c = x < p.lo ? p.lo : x > p.hi ? p.hi : x;
  const t = ((c - p.lo) / (p.hi - p.lo)) * 100;
  return p.direction === "lower" ? 100 - t : t;
}

/** One feature's raw values from rows, NaN where missing (null, undefined): what normalise reads. */
function featureColumn(rows: readonly FeatureRow[], feature: string): Float64Array {
  const col = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) col[i] = rows[i]![feature] ?? NaN;
  return col;
}

/** Raw values (NaN where missing) of one feature. */
export type FeatureColumnOf = (feature: string) => Float64Array;

/** One indicator's transformed values, NaN where missing: each feature column is read once per indicator. */
function column(spec: IndicatorSpec, raw: Float64Array): Float64Array {
  const col = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) col[i] = transformed(spec, raw[i]);
  return col;
}

function fitColumn(spec: IndicatorSpec, col: Float64Array, missing: MissingPolicy): IndicatorParams {
  const buf = new Float64Array(col.length);
  let n = 0;
  for (let i = 0; i < col.length; i++) if (!Number.isNaN(col[i]!)) buf[n++] = col[i]!;
  const sorted = buf.subarray(0, n).sort();
  // An all-missing column has no range: zeros keep the stored parameters finite (JSON has no NaN).
  const min = n ? sorted[0]! : 0;
  const max = n ? sorted[n - 1]! : 0;
  const p1 = n ? quantileSorted(sorted, 0.01) : 0;
  const p99 = n ? quantileSorted(sorted, 0.99) : 0;
  const [lo, hi] = p99 > p1 ? [p1, p99] : [min, max];
  const base = { ...spec, p1, p99, min, max, lo, hi };
  const fill = missing === "worst" ? 0 : n ? pointsOf(base, quantileSorted(sorted, 0.5)) : CONSTANT_POINTS;
  return { ...base, missing, fill, count: n };
}

/** Writes one indicator's points into column j of the n × d matrix `out`. */
function pointsInto(p: IndicatorParams, col: Float64Array, out: Float64Array, d: number, j: number): void {
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    out[i * d + j] = Number.isNaN(x) ? p.fill : pointsOf(p, x);
  }
}

export function fitNormaliser(
  specs: readonly IndicatorSpec[],
  rows: readonly FeatureRow[],
  missing: Readonly<Record<string, MissingPolicy>> = DEFAULT_MISSING,
): NormParams {
  return {
    indicators: specs.map((s) =>
      fitColumn(s, column(s, featureColumn(rows, s.feature)), missing[s.feature] ?? "median"),
    ),
  };
}

/** Points of one raw feature value under one indicator's parameters. */
export function indicatorPoints(p: IndicatorParams, v: number | null | undefined): number {
  const x = transformed(p, v);
  return Number.isNaN(x) ? p.fill : pointsOf(p, x);
}

/** Points matrix, n × d row-major, d = params.indicators.length, every entry in [0, 100]. */
export function applyNormaliser(params: NormParams, rows: readonly FeatureRow[]): Float64Array {
  const d = params.indicators.length;
  const out = new Float64Array(rows.length * d);
  params.indicators.forEach((p, j) => pointsInto(p, column(p, featureColumn(rows, p.feature)), out, d, j));
  return out;
}

/**
 * Fit and apply in one go for n customers, reading each feature column once (the batch run's path):
 * columns are Float64Arrays, so a million customers cost a few typed arrays, not a million objects.
 */
export function normalise(
  specs: readonly IndicatorSpec[],
  n: number,
  columnOf: FeatureColumnOf,
  missing: Readonly<Record<string, MissingPolicy>> = DEFAULT_MISSING,
): { params: NormParams; points: Float64Array } {
  const d = specs.length;
  const points = new Float64Array(n * d);
  const indicators = specs.map((s, j) => {
    const raw = columnOf(s.feature);
    if (raw.length !== n)
      throw new RangeError(`normalise: expected ${n} values of ${s.feature}, got ${raw.length}`);
    const col = column(s, raw);
    const p = fitColumn(s, col, missing[s.feature] ?? "median");
    pointsInto(p, col, points, d, j);
    return p;
  });
  return { params: { indicators }, points };
}
