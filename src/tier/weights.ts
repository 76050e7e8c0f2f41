// Final indicator weights from the scoring config: criterion weight × indicator weight within its
// criterion, each from an AHP pairwise matrix or explicit weights. Pure.
import type { ScoringConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import { ahpWeights } from "./ahp.js";

export interface IndicatorWeight {
  indicator: string;
  feature: string;
  criterion: string;
  /** Share of the total score (all weights sum to 1). */
  weight: number;
}

/** One AHP matrix's result, named by its config path so a report can point at it. */
export interface MatrixWeights {
  name: string;
  /** What the rows compare: criterion names, or indicator names within a criterion. */
  items: string[];
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
}

export interface Weights {
  indicators: IndicatorWeight[];
  matrices: MatrixWeights[];
}

/** Weights for `items` from a pairwise matrix, explicit weights (normalised), or equal shares. */
function localWeights(
  [name, weightsName]: [string, string],
  items: string[],
  pairwise: number[][] | undefined,
  explicit: number[] | undefined,
  matrices: MatrixWeights[],
): number[] {
  const n = items.length;
  if (pairwise) {
    if (pairwise.length !== n) throw new ConfigError(`${name}: expected a ${n}×${n} matrix`);
    const r = ahpWeights(pairwise);
    matrices.push({ name, items, ...r });
    return r.weights;
  }
  if (explicit) {
    const sum = explicit.reduce((a, b) => a + b, 0);
    if (explicit.length !== n || !(sum > 0) || !Number.isFinite(sum))
      throw new ConfigError(`${weightsName}: expected ${n} non-negative weights with a positive sum`);
    return explicit.map((w) => w / sum);
  }
  // config/check.ts demands a matrix or weights when there is more than one item; equal shares
  // keep this function total for the single-item case (and for unchecked configs).
  return items.map(() => 1 / n);
}

export function computeWeights(scoring: ScoringConfig): Weights {
  const matrices: MatrixWeights[] = [];
  const criteria = Object.entries(scoring.criteria);
  if (criteria.length === 0) throw new ConfigError("scoring.criteria: expected at least one criterion");
  const critW = localWeights(
    ["scoring.pairwise.criteria", "scoring.weights.criteria"],
    criteria.map(([name]) => name),
    scoring.pairwise?.criteria,
    scoring.weights?.criteria,
    matrices,
  );
  const indicators: IndicatorWeight[] = [];
  const seen = new Set<string>();
  criteria.forEach(([name, crit], ci) => {
    const base = `scoring.criteria.${name}`;
    const local = localWeights(
      [`${base}.pairwise`, `${base}.weights`],
      crit.indicators,
      crit.pairwise,
      crit.weights,
      matrices,
    );
    crit.indicators.forEach((ind, ii) => {
      const spec = scoring.indicators[ind];
      if (!spec) throw new ConfigError(`${base}.indicators.${ii}: unknown indicator ${ind}`);
      // One indicator in two criteria would be counted twice in the score and in K-means distances.
      if (seen.has(ind))
        throw new ConfigError(`${base}.indicators.${ii}: ${ind} already belongs to another criterion`);
      seen.add(ind);
      indicators.push({
        indicator: ind,
        feature: spec.feature,
        criterion: name,
        weight: critW[ci]! * local[ii]!,
      });
    });
  });
  return { indicators, matrices };
}
