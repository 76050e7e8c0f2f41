// The tier stage on a seeded demo, through the real stage services and warehouse: two quarters (the second
// warm-started from the first), overrides recorded beforehand, explanations checked customer by customer,
// and `retier score` reproducing what the run stored.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { cleanStage } from "../../src/clean/clean.service.js";
import { dedupeStage } from "../../src/dedupe/dedupe.service.js";
import { extractStage } from "../../src/extract/extract.service.js";
import {
  clearFeatureParts,
  combineFeatureParts,
  featuresStage,
  featureWindow,
  writeFeatureParts,
} from "../../src/features/features.service.js";
import { withPgClient } from "../../src/db/warehouse.js";
import { loadStage } from "../../src/load/load.service.js";
import { buildReport } from "../../src/report/report.service.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { addOverride, removeOverride } from "../../src/tier/overrides.service.js";
import { scoreCustomer } from "../../src/tier/score.service.js";
import { tierStage } from "../../src/tier/tier.service.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const PREV = "2026Q2";
const QUARTER = "2026Q3";
let t: TestEnv;
let config: AppConfig;
let runId: string;

interface Applied {
  rule: string;
  action: string;
  before: string;
  after: string;
  reason?: string;
  approver?: string;
}
interface Tiered {
  customer_id: string;
  score: number;
  final_tier: string;
  model_tier: string;
  previous_tier: string | null;
  is_override: boolean;
  rules_applied: Applied[];
  top_contributors: { indicator: string; points: number }[];
  credit_rating: string | null;
  defaults_12m: number;
  revenue_cny: number;
}
let rows: Tiered[];
const byId = (id: string) => rows.find((r) => r.customer_id === id)!;

// Chosen after the first quarter: a risk-capped customer who appeals, one whose override is removed again,
// and one whose override expired before the quarter ended.
let appealed: string;
let removed: string;
let expired: string;

async function runQuarter(quarter: string, stamp: string): Promise<string> {
  const id = `${quarter}-manual-t${stamp}`;
  const end = quarterBounds(parseQuarter(quarter), config.timezone).end;
  const asOf = new Date(end.getTime() + 2 * 3600_000);
  const created = await createRun(t.db, {
    runId: id,
    quarter,
    trigger: "manual",
    params: {},
    configHash: config.configHash,
    asOf,
  });
  expect(created.created).toBe(true);
  const ctx: StageContext = { db: t.db, config, runId: id, quarter, asOf, log: t.log };
  for (const stage of [extractStage, cleanStage, dedupeStage, featuresStage, tierStage, loadStage])
    await stage(ctx);
  return id;
}

async function tiered(run: string): Promise<Tiered[]> {
  const { rows: out } = await t.db.raw<{ rows: Tiered[] }>(
    `SELECT t.customer_id, t.score, t.final_tier, t.model_tier, t.previous_tier, t.is_override, t.rules_applied,
            t.top_contributors, f.credit_rating, f.defaults_12m, f.revenue_cny::float8 AS revenue_cny
     FROM core.customer_tiers t JOIN core.customer_features f USING (run_id, customer_id)
     WHERE t.run_id = ? ORDER BY t.customer_id`,
    [run],
  );
  return out;
}

beforeAll(async () => {
  t = await createTestEnv("tier");
  config = t.config();
  const anchor = quarterBounds(parseQuarter(QUARTER), config.timezone).end;
  // The demo's own size and seed (config/demo.yaml): the data set `npm run demo` shows.
  const { customers, seed } = config.demo;
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers, seed, anchor, log: t.log });
  const prevRun = await runQuarter(PREV, "0");
  const prev = await tiered(prevRun);
  const risky = prev.filter((r) => r.credit_rating === "D" || r.defaults_12m > 0);
  const others = prev.filter((r) => !risky.includes(r));
  appealed = risky[0]!.customer_id;
  removed = others[0]!.customer_id;
  expired = others[1]!.customer_id;
  const add = (customer: string, tier: string, kind: string, from: string, to?: string) =>
    addOverride(
      t.db,
      config.tiers,
      { customer, tier, kind, from, to, reason: "复核", approver: "cfo" },
      from,
    );
  await add(appealed, "silver", "appeal", "2026-07-15");
  const gone = await add(removed, "diamond", "override", "2026-07-01");
  await removeOverride(t.db, gone.override_id);
  await add(expired, "diamond", "override", "2026-07-01", "2026-09-29"); // the quarter ends on 09-30
  runId = await runQuarter(QUARTER, "1");
  rows = await tiered(runId);
}, 300_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("the tier stage on a seeded demo", () => {
  it("gives every customer at most three positive top contributors, largest first, summing to at most the score", () => {
    expect(rows.length).toBeGreaterThan(config.demo.customers * 0.9);
    for (const r of rows) {
      const pts = r.top_contributors.map((c) => c.points);
      expect(pts.length, r.customer_id).toBeLessThanOrEqual(3);
      expect(pts.every((p) => p > 0)).toBe(true);
      expect([...pts].sort((a, b) => b - a)).toEqual(pts);
      expect(pts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.score + 1e-6);
    }
  });

  it("records the rules that fired in config order, overrides after them", () => {
    const ids = config.rules.map((r) => r.id);
    let withRules = 0;
    for (const r of rows) {
      const rules = r.rules_applied
        .filter((a) => !a.rule.startsWith("override:"))
        .map((a) => ids.indexOf(a.rule));
      expect(rules.every((i) => i >= 0)).toBe(true);
      expect([...rules].sort((a, b) => a - b)).toEqual(rules);
      expect(new Set(rules).size).toBe(rules.length);
      const kinds = r.rules_applied.map((a) => a.rule.startsWith("override:"));
      expect(kinds.indexOf(true) === -1 || kinds.slice(kinds.indexOf(true)).every(Boolean)).toBe(true);
      if (rules.length) withRules++;
    }
    expect(withRules).toBeGreaterThan(0);
  });

  it("caps customers rated D or with defaults at standard unless a later rule or an override lifts them", () => {
    const risky = rows.filter((r) => r.credit_rating === "D" || r.defaults_12m > 0);
    expect(risky.length).toBeGreaterThan(1);
    let capped = 0;
    for (const r of risky) {
      const at = r.rules_applied.findIndex((a) => a.rule === "risk-cap");
      expect(at, r.customer_id).toBeGreaterThanOrEqual(0);
      expect(r.rules_applied[at]!.after).toBe("standard");
      const later = r.rules_applied.slice(at + 1).filter((a) => a.before !== a.after);
      if (later.length === 0) {
        expect(r.final_tier, r.customer_id).toBe("standard");
        capped++;
      }
    }
    expect(capped).toBeGreaterThan(0);
  });

  it("applies an appeal recorded before the run last, over the risk cap, as override:appeal", () => {
    const r = byId(appealed);
    expect(r.final_tier).toBe("silver");
    expect(r.is_override).toBe(true);
    const last = r.rules_applied.at(-1)!;
    expect(last).toMatchObject({
      rule: "override:appeal",
      action: "set",
      after: "silver",
      reason: "复核",
      approver: "cfo",
    });
    expect(r.rules_applied.some((a) => a.rule === "risk-cap" && a.after === "standard")).toBe(true);
  });

  it("ignores a removed override and one that expired before the quarter's last day", () => {
    for (const id of [removed, expired]) {
      expect(byId(id).is_override, id).toBe(false);
      expect(byId(id).rules_applied.some((a) => a.rule.startsWith("override:"))).toBe(false);
    }
  });

  it("computes the same features however many parts the order aggregation is split into", async () => {
    const w = featureWindow(QUARTER, config.evaluation.window_months, config.timezone);
    const featureRows = `SELECT * FROM core.customer_features WHERE run_id = $1 ORDER BY customer_id`;
    const stored = (await t.db.raw(featureRows.replace("$1", "?"), [runId])).rows as Record<
      string,
      unknown
    >[];
    expect(stored.length).toBe(rows.length);
    // Averages and shares combine from sums and counts: split differently, not a value may move.
    expect(
      stored.filter((f) => f.avg_payment_days !== null && f.overdue_share !== null).length,
    ).toBeGreaterThan(stored.length / 4);
    for (const parts of [1, 3, 7]) {
      await writeFeatureParts(t.db, runId, w, parts);
      const again = await withPgClient(t.db, async (c) => {
        await c.query("BEGIN");
        try {
          await c.query("DELETE FROM core.customer_features WHERE run_id = $1", [runId]);
          await combineFeatureParts(c, runId, w);
          return (await c.query(featureRows, [runId])).rows as Record<string, unknown>[];
        } finally {
          await c.query("ROLLBACK");
        }
      });
      expect(again, `${parts} parts`).toEqual(stored);
    }
    await withPgClient(t.db, (c) => clearFeatureParts(c, runId));
  });

  it("gives a merge's survivor without a tier of its own the best-scored previous tier of the ids merged into it", async () => {
    const w = featureWindow(QUARTER, config.evaluation.window_months, config.timezone);
    const { rows: prev } = await t.db.raw<{
      rows: { customer_id: string; final_tier: string; score: number }[];
    }>(
      "SELECT customer_id, final_tier, score FROM marts.fct_customer_quarter WHERE quarter = ? ORDER BY score DESC",
      [PREV],
    );
    // The survivor, and two merged ids of different tiers: the lower-scored one listed first.
    const survivor = rows.find((r) => r.previous_tier !== null)!.customer_id;
    const high = prev.find((p) => p.customer_id !== survivor)!;
    const low = [...prev]
      .reverse()
      .find((p) => p.customer_id !== survivor && p.final_tier !== high.final_tier)!;
    const previousTier = await withPgClient(t.db, async (c) => {
      try {
        await writeFeatureParts(t.db, runId, w);
        await c.query("BEGIN");
        await c.query("DELETE FROM marts.fct_customer_quarter WHERE quarter = $1 AND customer_id = $2", [
          PREV,
          survivor,
        ]);
        // Only these two merges in the run (whatever the demo's own were), all rolled back below.
        await c.query("DELETE FROM core.customer_merges WHERE run_id = $1", [runId]);
        await c.query(
          "INSERT INTO core.customer_merges (run_id, merged_customer_id, survivor_customer_id) VALUES ($1, $2, $4), ($1, $3, $4)",
          [runId, low.customer_id, high.customer_id, survivor],
        );
        await c.query("DELETE FROM core.customer_features WHERE run_id = $1", [runId]);
        await combineFeatureParts(c, runId, w);
        const { rows: f } = await c.query<{ previous_tier: string | null }>(
          "SELECT previous_tier FROM core.customer_features WHERE run_id = $1 AND customer_id = $2",
          [runId, survivor],
        );
        return f[0]?.previous_tier;
      } finally {
        await c.query("ROLLBACK");
        await clearFeatureParts(c, runId);
      }
    });
    expect(high.score).toBeGreaterThan(low.score);
    expect(previousTier).toBe(high.final_tier);
  });

  it("re-scores customers with the stored model exactly as the run did (retier score)", async () => {
    // Every 10th customer plus the ones with overrides: each re-score is five queries.
    const sample = rows.filter(
      (r, i) => i % 10 === 0 || [appealed, removed, expired].includes(r.customer_id),
    );
    for (const r of sample) {
      const s = await scoreCustomer(t.db, config, r.customer_id, QUARTER);
      expect(s.runId).toBe(runId);
      expect(s.result.score, r.customer_id).toBe(r.score);
      expect(s.result.final_tier, r.customer_id).toBe(r.final_tier);
      expect(s.result.model_tier, r.customer_id).toBe(r.model_tier);
    }
    const appeal = await scoreCustomer(t.db, config, appealed);
    expect(appeal.result.rules_applied.at(-1)!.rule).toBe("override:appeal");
  });

  it("warm-starts K-means from last quarter's model and keeps stability with the model", async () => {
    interface Stored {
      kmeans: { warm_start: string };
      warm_start_from: { quarter: string } | null;
      stability: { previous_quarter: string; compared: number; unchanged: number; rate: number };
    }
    const { rows: models } = await t.db.raw<{ rows: { model: Stored }[] }>(
      "SELECT model FROM etl.tier_models WHERE run_id = ?",
      [runId],
    );
    const model = models[0]!.model;
    expect(model.kmeans.warm_start).toBe("used");
    expect(model.warm_start_from?.quarter).toBe(PREV);
    const compared = rows.filter((r) => r.previous_tier !== null);
    const same = compared.filter((r) => r.previous_tier === r.final_tier).length;
    expect(compared.length).toBeGreaterThan(config.demo.customers * 0.9);
    expect(model.stability).toMatchObject({
      previous_quarter: PREV,
      compared: compared.length,
      unchanged: same,
    });
    expect(model.stability.rate).toBeCloseTo(same / compared.length, 12);
  });

  it("ranks tiers by value: each tier's median revenue is below the median of the tier above", () => {
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const medians = config.tiers
      .map((tier) => rows.filter((r) => r.model_tier === tier.code).map((r) => r.revenue_cny))
      .filter((xs) => xs.length >= 3)
      .map(median);
    expect(medians.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < medians.length; i++) expect(medians[i]!).toBeLessThan(medians[i - 1]!);
  });

  it("shows stability on the report's 模型 sheet", async () => {
    const built = await buildReport(t.db, config, runId, t.log);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(built.filePath);
    const found: unknown[][] = [];
    wb.getWorksheet("模型")!.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (v[0] === "稳定性（与上季度同级）") found.push(v);
    });
    const compared = rows.filter((r) => r.previous_tier !== null);
    const same = compared.filter((r) => r.previous_tier === r.final_tier).length;
    const rate = found.find((v) => v[1] === "rate");
    expect(rate?.[2]).toBeCloseTo(same / compared.length, 9);
  });

  it("runs a quarter again from the same centres: the last quarter's, or for a first quarter its own publish's", async () => {
    // Last in this file: the quarters' published runs change here. (The stages ran without the worker,
    // which would have recorded each run as done; one active run per quarter.)
    const prevRun = (await t.db("marts.published_quarters").where({ quarter: PREV }).first()).run_id;
    await t.db("etl.runs").whereIn("run_id", [runId, prevRun]).update({ status: "succeeded" });
    interface Model {
      kmeans: { warm_start: string };
      warm_start_from: { quarter: string; run_id: string } | null;
    }
    const modelOf = async (run: string) =>
      (await t.db("etl.tier_models").where({ run_id: run }).first()).model as Model;

    // The same data again: the same start (last quarter's centres) and the same tiers, customer by customer.
    const again = await runQuarter(QUARTER, "2");
    expect((await modelOf(again)).warm_start_from).toEqual({ quarter: PREV, run_id: prevRun });
    expect((await tiered(again)).map((r) => [r.customer_id, r.model_tier, r.final_tier])).toEqual(
      rows.map((r) => [r.customer_id, r.model_tier, r.final_tier]),
    );
    // The first quarter had no earlier one: run again, it starts from its own publish's centres.
    expect((await modelOf(prevRun)).kmeans.warm_start).toBe("none");
    const prevAgain = await runQuarter(PREV, "3");
    const model = await modelOf(prevAgain);
    expect(model.kmeans.warm_start).toBe("used");
    expect(model.warm_start_from).toEqual({ quarter: PREV, run_id: prevRun });
  });
});
