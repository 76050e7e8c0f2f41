// Cross-field checks the schema cannot express: tier order, rule targets, AHP consistency. Pure.
import { ahpWeights, matrixProblem } from "../tier/ahp.js";
import type { FileConfig, RuleCondition } from "./schema.js";

const RULE_FIELDS_EXTRA = new Set([
  "previous_tier",
  "credit_rating",
  "defaults_12m",
  "score",
  "model_tier",
  "cluster",
]);

export function checkConfig(c: FileConfig): string[] {
  const problems: string[] = [];
  const codes = new Set(c.tiers.map((t) => t.code));
  c.tiers.forEach((t, i) => {
    const prev = c.tiers[i - 1];
    if (prev && !(t.min_score < prev.min_score))
      problems.push(
        `tiers.${i}.min_score: expected below ${prev.min_score} (tiers are listed highest first)`,
      );
  });
  if (c.tiers.at(-1)!.min_score !== 0)
    problems.push(`tiers.${c.tiers.length - 1}.min_score: expected 0 for the lowest tier`);

  const s = c.scoring;
  const features = new Set(Object.values(s.indicators).map((i) => i.feature));
  const criteria = Object.entries(s.criteria);
  for (const [name, crit] of criteria) {
    crit.indicators.forEach((ind, i) => {
      if (!(ind in s.indicators))
        problems.push(
          `scoring.criteria.${name}.indicators.${i}: expected one of ${Object.keys(s.indicators).join(", ")}`,
        );
    });
    problems.push(
      ...checkWeights(`scoring.criteria.${name}`, crit.indicators.length, crit.pairwise, crit.weights),
    );
  }
  problems.push(
    ...checkWeights("scoring", criteria.length, s.pairwise?.criteria, s.weights?.criteria, "criteria"),
  );

  c.rules.forEach((r, i) => {
    const t = r.then as Record<string, unknown>;
    for (const key of ["set", "floor", "cap"]) {
      if (typeof t[key] === "string" && !codes.has(t[key] as string))
        problems.push(`rules.${i}.then.${key}: expected one of ${[...codes].join(", ")}`);
    }
    for (const f of conditionFields(r.when)) {
      if (!features.has(f) && !RULE_FIELDS_EXTRA.has(f) && !(f in s.indicators))
        problems.push(`rules.${i}.when: unknown field ${f}`);
    }
  });
  const ids = c.rules.map((r) => r.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push(`rules.${i}.id: ${id} is used twice`);
  });
  const names = c.sources.map((x) => x.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) problems.push(`sources.${i}.name: ${n} is used twice`);
  });
  c.dedupe.source_priority.forEach((n, i) => {
    if (!names.includes(n)) problems.push(`dedupe.source_priority.${i}: expected one of ${names.join(", ")}`);
  });
  if (!(c.currency.base in c.currency.rates))
    problems.push(`currency.rates: expected a rate for ${c.currency.base}`);
  return problems;
}

function checkWeights(
  path: string,
  n: number,
  pairwise?: number[][],
  weights?: number[],
  key = "pairwise",
): string[] {
  const pw = key === "criteria" ? `${path}.pairwise.criteria` : `${path}.pairwise`;
  const ww = key === "criteria" ? `${path}.weights.criteria` : `${path}.weights`;
  if (pairwise && weights) return [`${path}: expected either pairwise or weights, not both`];
  if (weights) {
    if (weights.length !== n) return [`${ww}: expected ${n} weights`];
    if (!(weights.reduce((a, b) => a + b, 0) > 0)) return [`${ww}: expected a positive sum`];
    return [];
  }
  if (!pairwise) return n === 1 ? [] : [`${path}: expected a pairwise matrix or explicit weights`];
  if (pairwise.length !== n) return [`${pw}: expected a ${n}×${n} matrix`];
  const problem = matrixProblem(pairwise);
  if (problem) return [`${pw}: ${problem}`];
  const { cr } = ahpWeights(pairwise);
  if (cr >= 0.1) return [`${pw}: consistency ratio ${cr.toFixed(3)} ≥ 0.10; revise the comparisons`];
  return [];
}

function conditionFields(c: RuleCondition): string[] {
  if ("all" in c) return c.all.flatMap(conditionFields);
  if ("any" in c) return c.any.flatMap(conditionFields);
  return [c.field];
}
