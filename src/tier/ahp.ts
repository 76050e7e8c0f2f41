// Analytic Hierarchy Process: weights from a pairwise comparison matrix by its principal eigenvector,
// with Saaty's consistency ratio. Pure.

/** Saaty's random consistency index RI for n = 1..15 (Saaty 1980, as tabulated by Alonso & Lamata 2006 for n ≤ 15). */
export const SAATY_RI = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
}

/** Returns a problem description, or null when the matrix is square, positive and reciprocal. */
export function matrixProblem(m: number[][]): string | null {
  const n = m.length;
  if (n === 0) return "expected a non-empty square matrix";
  if (n > SAATY_RI.length) return `expected at most ${SAATY_RI.length} rows (Saaty's RI table)`;
  for (let i = 0; i < n; i++) {
    const row = m[i]!;
    if (row.length !== n) return `expected ${n} columns in row ${i + 1}, got ${row.length}`;
    if (Math.abs(row[i]! - 1) > 1e-9) return `expected 1 on the diagonal (row ${i + 1})`;
    for (let j = 0; j < n; j++) {
      const a = row[j]!;
      const b = m[j]![i]!;
      if (!(a > 0)) return `expected positive entries (row ${i + 1}, column ${j + 1})`;
      if (Math.abs(a * b - 1) > 0.01)
        return `expected reciprocal entries: a[${i + 1}][${j + 1}] × a[${j + 1}][${i + 1}] = 1`;
    }
  }
  return null;
}

/** Principal eigenvector by power iteration, normalised to sum 1. */
export function ahpWeights(m: number[][]): AhpResult {
  const n = m.length;
  if (n === 1) return { weights: [1], lambdaMax: 1, ci: 0, cr: 0 };
  let w = new Array<number>(n).fill(1 / n);
  let lambda = n;
  for (let iter = 0; iter < 1000; iter++) {
    const next = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) next[i]! += m[i]![j]! * w[j]!;
    const sum = next.reduce((a, b) => a + b, 0);
    lambda = sum; // since w sums to 1, sum(Aw) converges to λmax
    const normed = next.map((v) => v / sum);
    const delta = normed.reduce((d, v, i) => Math.max(d, Math.abs(v - w[i]!)), 0);
    w = normed;
    if (delta < 1e-13) break;
  }
  const ci = (lambda - n) / (n - 1);
  const ri = SAATY_RI[n - 1]!;
  const cr = ri === 0 ? 0 : Math.max(0, ci / ri);
  return { weights: w, lambdaMax: lambda, ci, cr };
}
