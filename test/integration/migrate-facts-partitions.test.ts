// Migration 0019 on a warehouse that already holds published quarters in the unpartitioned facts table:
// every row moves into its quarter's partition and the migration view reads the new table (the load's
// swap of a partition: test/integration/load.test.ts).
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/config/load.js";
import { ensureDatabase, migrate } from "../../src/db/migrate.js";
import { connectWarehouse, type Db } from "../../src/db/warehouse.js";

const PG = "postgres://postgres@127.0.0.1:5432";
const name = `retier_t_migrate_${randomBytes(3).toString("hex")}`;
let db: Db;

/** Applies the migrations before `upTo` as the migrator would have, recording each. */
async function migrateBefore(upTo: string) {
  const dir = resolve(PROJECT_ROOT, "sql/migrations");
  const client = new pg.Client({ connectionString: `${PG}/${name}` });
  await client.connect();
  try {
    await client.query("CREATE SCHEMA IF NOT EXISTS etl");
    await client.query(
      "CREATE TABLE etl.schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    for (const f of readdirSync(dir)
      .filter((x) => /^\d{4}_/.test(x) && x < upTo)
      .sort()) {
      await client.query(readFileSync(resolve(dir, f), "utf8"));
      await client.query("INSERT INTO etl.schema_migrations (version) VALUES ($1)", [f]);
    }
  } finally {
    await client.end();
  }
}

const fact = (quarter: string, customerId: string, tier: string) => ({
  quarter,
  customer_id: customerId,
  run_id: `r-${quarter}`,
  customer_name: `客户${customerId}`,
  revenue_cny: 100,
  gross_profit_cny: 10,
  order_count: 1,
  tenure_days: 10,
  defaults_12m: 0,
  score: 50,
  model_tier: tier,
  final_tier: tier,
  rules_applied: "[]",
  top_contributors: "[]",
  tags: [],
  is_override: false,
  published_at: new Date("2026-10-01T00:00:00Z"),
});

beforeAll(async () => {
  await ensureDatabase(`${PG}/${name}`);
  await migrateBefore("0019");
  db = connectWarehouse(`${PG}/${name}`);
});
afterAll(async () => {
  await db?.destroy();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("migration 0019 (facts partitioned by quarter)", () => {
  it("moves every published row into its quarter's partition and keeps the migration view", async () => {
    const rows = [
      fact("2026Q1", "A", "gold"),
      fact("2026Q1", "B", "silver"),
      fact("2026Q2", "A", "diamond"),
      fact("2026Q2", "B", "silver"),
      fact("2026Q2", "C", "standard"),
    ];
    await db("marts.fct_customer_quarter").insert(rows);
    const before = await db("marts.fct_customer_quarter").orderBy(["quarter", "customer_id"]);

    expect(await migrate(db)).toEqual(["0019_facts_partitioned_by_quarter.sql"]);

    expect(await db("marts.fct_customer_quarter").orderBy(["quarter", "customer_id"])).toEqual(before);
    const where = await db.raw<{ rows: { part: string; rows: string }[] }>(
      `SELECT tableoid::regclass::text AS part, count(*) AS rows FROM marts.fct_customer_quarter GROUP BY 1 ORDER BY 1`,
    );
    expect(where.rows).toEqual([
      { part: "marts.fct_customer_quarter_2026q1", rows: "2" },
      { part: "marts.fct_customer_quarter_2026q2", rows: "3" },
    ]);
    const migration = await db("marts.v_tier_migration").orderBy(["from_tier", "to_tier"]);
    expect(
      migration.map((m) => [m.from_quarter, m.to_quarter, m.from_tier, m.to_tier, Number(m.customers)]),
    ).toEqual([
      ["2026Q1", "2026Q2", "gold", "diamond", 1],
      ["2026Q1", "2026Q2", "silver", "silver", 1],
    ]);
    // The key still holds across the partitioned table.
    await expect(db("marts.fct_customer_quarter").insert(fact("2026Q2", "A", "gold"))).rejects.toThrow(
      /duplicate key/,
    );
  });
});
