// The dedupe stage on a seeded demo, through the real extract and clean stages: its matches scored against
// the ground truth (computed here pair by pair, independently of the evaluate code, and by evaluateRun).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanStage } from "../../src/clean/clean.service.js";
import type { AppConfig } from "../../src/config/load.js";
import { dedupeStage } from "../../src/dedupe/dedupe.service.js";
import { evaluateRun } from "../../src/dedupe/evaluate.service.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { extractStage } from "../../src/extract/extract.service.js";
import { createRun, type StageCounts } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
const RUN = "2026Q3-manual-dedupe-it";
let t: TestEnv;
let config: AppConfig;
let counts: StageCounts;
let xref: { source: string; source_key: string; customer_id: string; match_rule: string }[];
let truth: Map<string, string>;

beforeAll(async () => {
  t = await createTestEnv("dedupe");
  config = t.config();
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 1500, seed: 11, anchor, log: t.log });
  const asOf = new Date(anchor.getTime() + 3600_000);
  await createRun(t.db, {
    runId: RUN,
    quarter: QUARTER,
    trigger: "manual",
    params: {},
    configHash: config.configHash,
    asOf,
  });
  const ctx: StageContext = { db: t.db, config, runId: RUN, quarter: QUARTER, asOf, log: t.log };
  await extractStage(ctx);
  await cleanStage(ctx);
  counts = await dedupeStage(ctx);
  xref = await t
    .db("core.int_customer_xref")
    .where({ run_id: RUN })
    .select("source", "source_key", "customer_id", "match_rule");
  const erp = new pg.Client({ connectionString: t.erpUrl });
  await erp.connect();
  const { rows } = await erp.query("SELECT source, source_key, entity_id FROM truth.customer_entities");
  await erp.end();
  truth = new Map(rows.map((r) => [`${r.source}/${r.source_key}`, r.entity_id]));
}, 300_000);

afterAll(async () => {
  await t?.cleanup();
});

/** Pairwise precision and recall counted over every pair of records, the slow obvious way. */
function naivePairwise() {
  const rows = xref.filter((r) => truth.has(`${r.source}/${r.source_key}`));
  let linked = 0;
  let correct = 0;
  let actual = 0;
  for (let a = 0; a < rows.length; a++) {
    const ea = truth.get(`${rows[a]!.source}/${rows[a]!.source_key}`);
    for (let b = a + 1; b < rows.length; b++) {
      const same = rows[a]!.customer_id === rows[b]!.customer_id;
      const real = ea === truth.get(`${rows[b]!.source}/${rows[b]!.source_key}`);
      if (same) linked++;
      if (real) actual++;
      if (same && real) correct++;
    }
  }
  return { linked, correct, actual, records: rows.length };
}

describe("dedupe on the seeded demo", () => {
  it("gives every clean source customer exactly one customer id", async () => {
    const clean = await t.db("core.int_customers").where({ run_id: RUN }).count<{ n: string }[]>("* as n");
    expect(xref.length).toBe(Number(clean[0]!.n));
    expect(new Set(xref.map((r) => `${r.source}/${r.source_key}`)).size).toBe(xref.length);
    const golden = await t.db("core.int_customers_golden").where({ run_id: RUN }).select("customer_id");
    expect(golden.length).toBe(new Set(xref.map((r) => r.customer_id)).size);
    expect(counts.rowsOut).toBe(golden.length);
  });

  it("merges duplicates with pairwise precision ≥ 0.99 and F1 ≥ 0.97 against the ground truth", () => {
    const p = naivePairwise();
    expect(p.records).toBe(xref.length); // every clean row is in the truth
    const precision = p.correct / p.linked;
    const recall = p.correct / p.actual;
    const f1 = (2 * precision * recall) / (precision + recall);
    expect(p.actual).toBeGreaterThan(200); // the demo really has duplicates to find
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(f1).toBeGreaterThanOrEqual(0.97);
  });

  it("links records by strong keys and by probabilistic matching", () => {
    const rules = new Set(xref.map((r) => r.match_rule));
    for (const rule of ["credit_code", "mobile", "email", "probabilistic", "single"])
      expect(rules).toContain(rule);
  });

  it("reports the same scores through `retier dedupe evaluate`'s service", async () => {
    const p = naivePairwise();
    const e = await evaluateRun(t.db, t.erpUrl, { examples: 2 });
    expect(e.runId).toBe(RUN); // the latest run with dedupe output: here the only one
    expect(e.unlabelled).toBe(0);
    expect(e.pairwise).toMatchObject({
      predictedPairs: p.linked,
      truePositives: p.correct,
      truePairs: p.actual,
    });
    expect(e.examples.missed.length).toBeLessThanOrEqual(2);
  });
});
