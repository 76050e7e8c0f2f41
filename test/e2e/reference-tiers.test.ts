// Speed work must not change results: a quarter at scale S (20 000 golden customers, seed 1) through the
// real pipeline publishes, row for row, the tiers of the reference run kept in test/fixtures/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ReferenceMeta,
  readReferenceFixture,
  type ReferenceResult,
  runReferenceQuarter,
} from "../../src/bench/reference-run.service.js";
import { describeDiff, diffTiers, REFERENCE, type TierRow } from "../../src/bench/reference-tiers.js";
import type { AppConfig } from "../../src/config/load.js";
import { summarizeBrin } from "../../src/db/fresh-for-reads.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;
let config: AppConfig;
let result: ReferenceResult;
let fixture: { meta: ReferenceMeta; rows: TierRow[] };

beforeAll(async () => {
  fixture = readReferenceFixture();
  t = await createTestEnv("reference");
  config = t.config();
  result = await runReferenceQuarter({ db: t.db, config, log: t.log }, REFERENCE, { timeoutMs: 540_000 });
}, 600_000);

afterAll(async () => {
  await t?.cleanup();
});

describe(`the reference quarter at scale ${REFERENCE.scale}`, () => {
  it("is the run the fixture records", () => {
    expect({ ...REFERENCE }).toEqual({
      scale: fixture.meta.scale,
      customers: fixture.meta.customers,
      seed: fixture.meta.seed,
      quarter: fixture.meta.quarter,
    });
    expect(result.sourceRows).toEqual(fixture.meta.sourceRows);
  });

  it("publishes the same tiers as the reference run, row for row", () => {
    const diff = diffTiers(fixture.rows, result.rows);
    const context =
      config.configHash === fixture.meta.configHash
        ? ""
        : `\n(the config changed since the reference: hash ${fixture.meta.configHash} then, ${config.configHash} now)`;
    expect(
      diff.differing,
      `${describeDiff(diff)}\nreference: commit ${fixture.meta.commit}; ${fixture.meta.regenerate} only for a deliberate, reviewed change${context}`,
    ).toBe(0);
    expect(result.rows.length).toBe(fixture.meta.customersPublished);
  });

  it("leaves no page range of the run's row tables unsummarised, so later runs' queries skip its pages", async () => {
    // Each would summarise what the run left without a summary, and says how many ranges that was.
    const tables = [
      "staging.stg_orders",
      "staging.stg_order_lines",
      "staging.stg_payments",
      "core.int_orders",
      "core.int_order_lines",
      "core.int_payments",
    ];
    const left = await Promise.all(tables.map(async (table) => [table, await summarizeBrin(t.db, table)]));
    expect(Object.fromEntries(left)).toEqual(Object.fromEntries(tables.map((table) => [table, 0])));
  });
});
