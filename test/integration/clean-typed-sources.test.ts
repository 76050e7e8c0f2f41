// The clean casts fields the extract read from typed source columns and skips the search for repeated
// keys when the source enforces them unique. The same ERP data served as text columns without keys
// (a legacy export) must clean to exactly the same accepted rows and rejects, and there a repeated key
// must still be caught.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";
import { extractAndClean } from "../helpers/stages.js";

const QUARTER = "2026Q3";
const TYPED = "2026Q3-manual-typed";
const TEXT = "2026Q3-manual-text";
const TABLES = ["orders", "order_lines", "payments"];
let t: TestEnv;
let asOf: Date;
/** One order of the text copy repeated as a whole, with its id. */
let repeatedOrder: string;
/** The total of the text copy's order without a currency. */
let noCurrencyTotal: string;
/** Order lines of the text copy repeated as a whole: an id once per extra copy. */
let repeatedLines: string[];
/** The orders of those lines (their detail, "total … vs lines …", counts the extra lines). */
let linesOfOrders: Set<string>;

/** The ERP's transactions mapped onto the text copies in schema erp_text (customers and ratings as they are). */
function textSources(base: AppConfig): Record<string, unknown> {
  const sources = base.sources.map((s) =>
    s.name !== "erp"
      ? s
      : {
          ...s,
          entities: Object.fromEntries(
            Object.entries(s.entities).map(([entity, m]) => [
              entity,
              TABLES.some((x) => m.table === `erp.${x}`)
                ? { ...m, table: m.table!.replace("erp.", "erp_text.") }
                : m,
            ]),
          ),
        },
  );
  return { sources };
}

const runStages = (runId: string, config: AppConfig) =>
  extractAndClean(t, { runId, quarter: QUARTER, asOf, config });

async function outcome(runId: string): Promise<string[]> {
  const r = await t.db.raw<{ rows: { v: string }[] }>(
    `SELECT v FROM (
       SELECT concat_ws('|', 'reject', source, entity, source_key, reason, detail) AS v FROM etl.rejects WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, order_key, customer_key, order_at, currency, total_cny, due_at)
         FROM core.int_orders WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, line_key, order_key, quantity, amount_cny, cost_cny)
         FROM core.int_order_lines WHERE run_id = :run
       UNION ALL SELECT concat_ws('|', source, payment_key, order_key, amount_cny, paid_at)
         FROM core.int_payments WHERE run_id = :run
     ) x ORDER BY v`,
    { run: runId },
  );
  return r.rows.map((x) => x.v);
}

beforeAll(async () => {
  t = await createTestEnv("cleantyped");
  const anchor = quarterBounds(parseQuarter(QUARTER), "Asia/Shanghai").end;
  asOf = new Date(anchor.getTime() + 2 * 3600_000);
  await seedDemo({ erpUrl: t.erpUrl, crmUrl: t.crmUrl, customers: 200, seed: 11, anchor, log: t.log });
  const erp = new pg.Client({ connectionString: t.erpUrl });
  await erp.connect();
  await erp.query("CREATE SCHEMA erp_text");
  for (const table of TABLES) {
    const { rows } = await erp.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'erp' AND table_name = $1
       ORDER BY ordinal_position`,
      [table],
    );
    const cols = rows.map((r) => `"${r.column_name}"::text AS "${r.column_name}"`).join(", ");
    await erp.query(`CREATE TABLE erp_text.${table} AS SELECT ${cols} FROM erp.${table}`);
  }
  const { rows } = await erp.query<{ id: string }>(
    "INSERT INTO erp_text.orders SELECT * FROM erp_text.orders ORDER BY id DESC LIMIT 1 RETURNING id",
  );
  repeatedOrder = rows[0]!.id;
  // A legacy export may leave the currency out: such an order has no rate and is rejected, not accepted
  // (accepting it broke the whole clean on core's NOT NULL currency).
  const noCurrency = await erp.query<{ total_amount: string }>(
    `INSERT INTO erp_text.orders (id, customer_id, ordered_at, currency, total_amount, due_at)
     SELECT 'x-no-currency', customer_id, ordered_at, NULL, total_amount, due_at FROM erp_text.orders
     WHERE id = $1 LIMIT 1 RETURNING total_amount`,
    [repeatedOrder],
  );
  noCurrencyTotal = noCurrency.rows[0]!.total_amount;
  const config = t.config();
  await runStages(TYPED, config);
  // Defective lines in the text copy, all of orders the typed run rejected for a defect of their own (so
  // the lines' totals do not matter): repeated lines, a line without a key or with an empty one, and one
  // with an amount that is not a number. The order lines are cleaned in parts by order: a line's copies
  // are filed under other orders here, so they fall in either part, and must still be found as copies;
  // lines without a key must not fall through.
  const rejected = await t
    .db("etl.rejects")
    .where({ run_id: TYPED, entity: "order" })
    .whereIn("reason", ["negative_amount", "future_date", "unknown_currency"])
    .pluck("source_key");
  expect(rejected.length).toBeGreaterThan(3);
  const { rows: lines } = await erp.query<{ id: string; order_id: string }>(
    `SELECT id, order_id FROM erp_text.order_lines WHERE order_id = ANY ($1) ORDER BY id LIMIT 12`,
    [rejected],
  );
  linesOfOrders = new Set([...lines.map((l) => l.order_id), ...rejected.map(String)]);
  repeatedLines = lines.map((l) => l.id).flatMap((id, i) => (i % 3 === 0 ? [id, id] : [id]));
  for (const [k, id] of repeatedLines.entries())
    await erp.query(
      `INSERT INTO erp_text.order_lines SELECT id, $2, sku, quantity, unit_price, amount, cost_amount
       FROM erp_text.order_lines WHERE id = $1 LIMIT 1`,
      [id, rejected[k % rejected.length]],
    );
  const line = (id: string | null, amount: string) =>
    erp.query(
      `INSERT INTO erp_text.order_lines SELECT $1, order_id, sku, quantity, unit_price, $2, cost_amount
       FROM erp_text.order_lines WHERE id = $3 LIMIT 1`,
      [id, amount, lines[0]!.id],
    );
  await line(null, "1.00");
  await line("", "1.00");
  await line("x-invalid", "abc");
  await erp.end();
  await runStages(TEXT, t.config({ overrides: textSources(config) }));
}, 240_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("typed and text sources", () => {
  it("records which fields came from typed columns and which keys the source keeps unique", async () => {
    const rows = await t
      .db("etl.extract_watermarks")
      .where({ source: "erp", entity: "order" })
      .orderBy("run_id");
    const byRun = Object.fromEntries(rows.map((r) => [r.run_id, r]));
    expect(byRun[TYPED]!.typed_fields).toMatchObject({
      order_at: "timestamptz",
      due_at: "timestamptz",
      total_amount: "numeric",
    });
    expect(byRun[TYPED]!.source_key_unique).toBe(true);
    expect(byRun[TEXT]!.typed_fields).toEqual({});
    expect(byRun[TEXT]!.source_key_unique).toBe(false);
  });

  it("cleans the text copy to the same rows, plus its repeated and defective rows rejected", async () => {
    // An order's reject detail sums its staged lines: for the orders given extra lines, compare the reason.
    const reason = (v: string) =>
      linesOfOrders.has(v.split("|")[3]!) && v.startsWith("reject|erp|order|")
        ? v.split("|").slice(0, 5).join("|")
        : v;
    const typed = (await outcome(TYPED)).map(reason);
    expect(typed.length).toBeGreaterThan(1000);
    const text = (await outcome(TEXT)).map(reason);
    const extra = [
      `reject|erp|order|${repeatedOrder}|exact_duplicate`,
      // It has no lines: the detail says so, whatever the reason.
      `reject|erp|order|x-no-currency|unknown_currency|total ${noCurrencyTotal} vs lines 0`,
      ...repeatedLines.map((id) => `reject|erp|order_line|${id}|exact_duplicate`),
      "reject|erp|order_line|missing_key", // a NULL key (concat_ws leaves it out)
      "reject|erp|order_line||missing_key",
      "reject|erp|order_line|x-invalid|invalid_amount",
    ];
    expect(repeatedLines.length).toBe(16);
    const rest = [...text];
    for (const v of extra) rest.splice(rest.indexOf(v), rest.includes(v) ? 1 : 0);
    expect(text.length - rest.length).toBe(extra.length);
    expect(rest).toEqual(typed);
  });

  it("removes a source's whole clean output when its lines fail after its orders were committed", async () => {
    await t.db.raw(`CREATE FUNCTION public.refuse_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'lines refused by the test'; END $$`);
    await t.db.raw(
      "CREATE TRIGGER refuse_lines BEFORE INSERT ON core.int_order_lines FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_lines()",
    );
    const run = "2026Q3-manual-fails";
    try {
      await expect(runStages(run, t.config())).rejects.toThrow(/lines refused by the test/);
    } finally {
      await t.db.raw("DROP TRIGGER refuse_lines ON core.int_order_lines");
    }
    const left = await t.db.raw<{ rows: { n: string }[] }>(
      `SELECT (SELECT count(*) FROM core.int_customers WHERE run_id = :run AND source = 'erp')
            + (SELECT count(*) FROM core.int_orders WHERE run_id = :run)
            + (SELECT count(*) FROM core.int_order_lines WHERE run_id = :run)
            + (SELECT count(*) FROM core.int_payments WHERE run_id = :run)
            + (SELECT count(*) FROM core.int_credit WHERE run_id = :run)
            + (SELECT count(*) FROM etl.rejects WHERE run_id = :run AND source = 'erp') AS n`,
      { run },
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
    // The staged rows are kept for the retry.
    const staged = await t
      .db("staging.stg_order_lines")
      .where({ run_id: run })
      .count<{ n: string }[]>({ n: "*" });
    expect(Number(staged[0]!.n)).toBeGreaterThan(1000);
  });
});
