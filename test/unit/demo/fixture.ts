// Shared by the demo generator tests: one generated data set, concatenated across batches, plus small helpers.
import { emptyBatch, generateDemo } from "../../../src/demo/generator.js";
import type { DemoBatch, DemoParams } from "../../../src/demo/types.js";

export const ANCHOR = new Date("2025-12-31T16:00:00Z"); // 2026-01-01 00:00 Asia/Shanghai: end of 2025Q4

export function params(customers: number, seed = 42): DemoParams {
  return { customers, seed, anchor: ANCHOR };
}

/** All batches of a data set merged into one (fine for test sizes). */
export function collect(p: DemoParams, batchSize?: number): DemoBatch {
  const all = emptyBatch(0);
  for (const b of generateDemo(p, { batchSize })) {
    for (const key of Object.keys(all) as (keyof DemoBatch)[]) {
      const target = all[key];
      const source = b[key];
      if (Array.isArray(target) && Array.isArray(source))
        for (const row of source) (target as unknown[]).push(row);
    }
  }
  return all;
}

const cache = new Map<string, DemoBatch>();

/** The memoised data set for (customers, seed). */
export function dataset(customers: number, seed = 42): DemoBatch {
  const key = `${customers}/${seed}`;
  let d = cache.get(key);
  if (!d) {
    d = collect(params(customers, seed));
    cache.set(key, d);
  }
  return d;
}

/** "1234.50" → 123450 (test-side parser, independent of the generator's). */
export function cents(text: string): number {
  const [units = "0", frac = ""] = text.replace("-", "").split(".");
  const v = Number(units) * 100 + Number(frac.padEnd(2, "0"));
  return text.startsWith("-") ? -v : v;
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}
