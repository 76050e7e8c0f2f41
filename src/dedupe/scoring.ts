// Fellegi–Sunter match weights: each configured comparison maps a pair's similarity to a level with
// m = P(level | same customer) and u = P(level | different customers); the pair's weight is the sum of
// log2(m/u) over comparisons (0 for a missing field). Pure; compiled once per run.
import type { FileConfig } from "../config/schema.js";
import {
  compareEmails,
  compareExact,
  compareJaroWinkler,
  compareNames,
  comparePhones,
  compareRegions,
  type Similarity,
} from "./comparators.js";
import type { FeatureTable } from "./features.js";

export type DedupeConfig = FileConfig["dedupe"];
export type Comparison = DedupeConfig["comparisons"][number];

interface Compiled {
  label: string;
  similarity: (t: FeatureTable, i: number, j: number) => Similarity;
  /** Level thresholds, highest first. */
  atLeast: Float64Array;
  /** log2(m/u) per level, then the disagreement level last. */
  weights: Float64Array;
}

export interface Scorer {
  score(t: FeatureTable, i: number, j: number): number;
  /** Per comparison: its label, the level reached (or -1 when missing) and its weight. */
  explain(t: FeatureTable, i: number, j: number): { label: string; level: number; weight: number }[];
  /** The weight of full agreement on every comparison (the score's upper bound). */
  maxScore: number;
}

type Value = (t: FeatureTable, i: number) => string | number | null;

function fieldValue(field: Comparison["field"]): Value {
  switch (field) {
    case "name":
      return (t, i) => t.nameKey[i] || null;
    case "credit_code":
      return (t, i) => t.creditCode[i]!;
    case "phone":
      return (t, i) => t.phone[i]!;
    case "email":
      return (t, i) => t.email[i]!;
    case "region":
      return (t, i) => t.region[i]!;
    case "location":
      return (t, i) => t.location[i]!;
  }
}

function similarityOf(c: Comparison, cfg: DedupeConfig): Compiled["similarity"] {
  const value = fieldValue(c.field);
  switch (c.comparator) {
    case "name": {
      const opts = { shortLength: cfg.short_name_length, shortCap: cfg.short_name_cap };
      return (t, i, j) => compareNames(t, i, j, opts);
    }
    case "phone":
      return comparePhones;
    case "email":
      return compareEmails;
    case "region":
      return (t, i, j) => compareRegions(value(t, i) as number, value(t, j) as number);
    case "jaro_winkler":
      return (t, i, j) => compareJaroWinkler(value(t, i) as string | null, value(t, j) as string | null);
    case "exact":
      return (t, i, j) => compareExact(value(t, i), value(t, j));
  }
}

export function compileScorer(cfg: DedupeConfig): Scorer {
  const compiled: Compiled[] = cfg.comparisons.map((c) => {
    const mElse = 1 - c.levels.reduce((s, l) => s + l.m, 0);
    const uElse = 1 - c.levels.reduce((s, l) => s + l.u, 0);
    return {
      label: `${c.field}:${c.comparator}`,
      similarity: similarityOf(c, cfg),
      atLeast: Float64Array.from(c.levels.map((l) => l.at_least)),
      weights: Float64Array.from([...c.levels.map((l) => Math.log2(l.m / l.u)), Math.log2(mElse / uElse)]),
    };
  });
  const levelOf = (c: Compiled, s: number) => {
    let k = 0;
    while (k < c.atLeast.length && s < c.atLeast[k]!) k++;
    return k;
  };
  return {
    score(t, i, j) {
      let total = 0;
      for (const c of compiled) {
        const s = c.similarity(t, i, j);
        if (s !== null) total += c.weights[levelOf(c, s)]!;
      }
      return total;
    },
    explain(t, i, j) {
      return compiled.map((c) => {
        const s = c.similarity(t, i, j);
        if (s === null) return { label: c.label, level: -1, weight: 0 };
        const level = levelOf(c, s);
        return { label: c.label, level, weight: c.weights[level]! };
      });
    },
    maxScore: compiled.reduce((s, c) => s + Math.max(...c.weights), 0),
  };
}
