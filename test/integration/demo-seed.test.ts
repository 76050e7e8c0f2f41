// The demo seeder against real Postgres and MariaDB: a small data set lands in freshly named databases with
// the counts it reports, the ground truth beside it, and a reseed recognised (or not) as current.
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, params } from "../unit/demo/fixture.js";
import { demoIsSeeded, seedDemo, type SeedSummary } from "../../src/demo/seed.service.js";
import { createLogger } from "../../src/log.js";

const PG = "postgres://postgres@127.0.0.1:5432";
const MY = "mysql://root@127.0.0.1:3306";
const name = `retier_t_${randomBytes(4).toString("hex")}`;
const erpUrl = `${PG}/${name}_erp`;
const crmUrl = `${MY}/${name}_crm`;
const log = createLogger({ level: "warn", json: true });
const demo = params(200, 3); // seed 3: has exact CRM duplicates and nameless rows at this size

let erp: pg.Client;
let crm: mysql.Connection;
let summary: SeedSummary;

async function count(sql: string): Promise<number> {
  return Number((await erp.query(sql)).rows[0].n);
}

beforeAll(async () => {
  expect(await demoIsSeeded(erpUrl, crmUrl, demo)).toBe(false); // neither database exists yet
  summary = await seedDemo({ erpUrl, crmUrl, ...demo, log, batchSize: 64 });
  erp = new pg.Client({ connectionString: erpUrl });
  await erp.connect();
  crm = await mysql.createConnection({ uri: crmUrl });
});

afterAll(async () => {
  await erp?.end();
  await crm?.end();
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}_erp" WITH (FORCE)`);
  await admin.end();
  const my = await mysql.createConnection({ uri: MY });
  await my.query(`DROP DATABASE IF EXISTS \`${name}_crm\``);
  await my.end();
});

describe("seedDemo", () => {
  it("loads every source table with exactly the generated rows", async () => {
    const expected = collect(demo);
    expect(summary.rows).toEqual({
      "erp.customers": expected.erpCustomers.length,
      "erp.orders": expected.orders.length,
      "erp.order_lines": expected.orderLines.length,
      "erp.payments": expected.payments.length,
      "risk.credit_ratings": expected.credits.length,
      "truth.customer_entities": expected.entities.length,
      "truth.defects": expected.defects.length,
      "truth.field_flags": expected.flags.length,
      "crm.customers": expected.crmCustomers.length,
    });
    for (const table of [
      "erp.customers",
      "erp.orders",
      "erp.order_lines",
      "erp.payments",
      "risk.credit_ratings",
    ] as const)
      expect(await count(`SELECT count(*) AS n FROM ${table}`), table).toBe(summary.rows[table]);
    const [rows] = await crm.query(
      "SELECT count(*) AS n, count(DISTINCT cust_no) AS distinct_keys FROM customers",
    );
    const crmCounts = (rows as { n: number; distinct_keys: number }[])[0];
    expect(Number(crmCounts?.n)).toBe(summary.rows["crm.customers"]);
    // The exact duplicate copies are really there (no key on cust_no), one per truth row.
    const copies = await count("SELECT count(*) AS n FROM truth.defects WHERE reason = 'exact_duplicate'");
    expect(Number(crmCounts?.n) - Number(crmCounts?.distinct_keys)).toBe(copies);
    expect(copies).toBeGreaterThan(0);
    expect(summary.rows["erp.orders"]).toBeGreaterThan(1500);
  });

  it("writes the ground truth beside the sources", async () => {
    expect(await count("SELECT count(*) AS n FROM truth.customer_entities")).toBe(
      summary.rows["truth.customer_entities"],
    );
    expect(await count("SELECT count(DISTINCT entity_id) AS n FROM truth.customer_entities")).toBe(200);
    expect(await count("SELECT count(*) AS n FROM truth.defects")).toBe(summary.rows["truth.defects"]);
    expect(await count("SELECT count(*) AS n FROM truth.field_flags")).toBe(
      summary.rows["truth.field_flags"],
    );
    // Every ERP customer row and every distinct CRM cust_no has its golden entity.
    expect(
      await count(
        "SELECT count(*) AS n FROM erp.customers c LEFT JOIN truth.customer_entities t ON t.source = 'erp' AND t.source_key = c.id WHERE t.entity_id IS NULL",
      ),
    ).toBe(0);
    const info = (await erp.query("SELECT customers, seed::int AS seed, anchor FROM truth.seed_info")).rows;
    expect(info).toEqual([{ customers: 200, seed: 3, anchor: demo.anchor }]);
  });

  it("stores data the way the sources hold it: keys, exact money, Chinese text, Shanghai wall-clock times", async () => {
    expect(
      await count(
        "SELECT count(*) AS n FROM pg_constraint WHERE contype = 'p' AND conrelid = 'erp.orders'::regclass",
      ),
    ).toBe(1);
    const mismatched = await count(`
      SELECT count(*) AS n FROM erp.orders o
      JOIN (SELECT order_id, sum(amount) AS s FROM erp.order_lines GROUP BY order_id) l ON l.order_id = o.id
      WHERE o.total_amount <> l.s`);
    expect(mismatched).toBe(
      await count("SELECT count(*) AS n FROM truth.defects WHERE reason = 'total_mismatch'"),
    );
    const expected = collect(demo).crmCustomers.find((c) => c.name && /[\u4e00-\u9fff]/.test(c.name));
    const [rows] = await crm.query(
      "SELECT name, DATE_FORMAT(created, '%Y-%m-%d %H:%i:%s') AS created FROM customers WHERE cust_no = ? LIMIT 1",
      [expected?.cust_no],
    );
    expect((rows as { name: string; created: string }[])[0]).toEqual({
      name: expected?.name,
      created: expected?.created,
    });
    const [charset] = await crm.query(
      "SELECT CCSA.character_set_name AS cs FROM information_schema.TABLES T JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY CCSA ON CCSA.collation_name = T.table_collation WHERE T.table_schema = DATABASE() AND T.table_name = 'customers'",
    );
    expect((charset as { cs: string }[])[0]?.cs).toBe("utf8mb4");
  });

  it("knows whether the databases already hold a given data set", async () => {
    expect(await demoIsSeeded(erpUrl, crmUrl, demo)).toBe(true);
    expect(await demoIsSeeded(erpUrl, crmUrl, { ...demo, seed: 4 })).toBe(false);
    expect(await demoIsSeeded(erpUrl, crmUrl, { ...demo, customers: 201 })).toBe(false);
    expect(await demoIsSeeded(erpUrl, crmUrl, { ...demo, orderScale: 0.5 })).toBe(false);
    expect(await demoIsSeeded(erpUrl, crmUrl, { ...demo, anchor: new Date("2025-09-30T16:00:00Z") })).toBe(
      false,
    );
    // A CRM table emptied behind our back means the data is no longer the seeded set.
    await crm.query("DELETE FROM customers WHERE cust_no = 'CRM-000001'");
    expect(await demoIsSeeded(erpUrl, crmUrl, demo)).toBe(false);
  });

  it("replaces the data on a reseed", async () => {
    const again = await seedDemo({ erpUrl, crmUrl, ...params(120, 6), log });
    expect(await count("SELECT count(*) AS n FROM erp.customers")).toBe(again.rows["erp.customers"]);
    expect(await count("SELECT count(*) AS n FROM truth.seed_info")).toBe(1);
    expect(await demoIsSeeded(erpUrl, crmUrl, params(120, 6))).toBe(true);
    expect(await demoIsSeeded(erpUrl, crmUrl, demo)).toBe(false);
  });
});
