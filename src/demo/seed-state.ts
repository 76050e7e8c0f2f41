// Reads what the demo databases currently hold (the completed seed recorded in truth.seed_info and live row
// counts), treating a missing database, schema or table as "nothing seeded"; plus small MariaDB helpers.
import pg from "pg";
import { sqlFile } from "../db/sql-file.js";
import { connectSource, type Db } from "../db/warehouse.js";

export interface SeedState {
  customers: number;
  seed: string;
  anchor: Date;
  generatorVersion: string;
  orderScale: number;
  expectedErpCustomerRows: number;
  expectedCrmRows: number;
  erpCustomerRows: number;
  crmRows: number;
}

// Postgres: undefined database, schema, table or column (a seed from before a column was added).
// MariaDB: unknown database, missing table.
const PG_ABSENT = new Set(["3D000", "3F000", "42P01", "42703"]);
const MYSQL_ABSENT = new Set(["ER_BAD_DB_ERROR", "ER_NO_SUCH_TABLE"]);

function code(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

/** The database name in a mysql:// URL. */
export function crmDatabaseName(crmUrl: string): string {
  const name = decodeURIComponent(new URL(crmUrl).pathname.replace(/^\//, ""));
  if (!name)
    throw new Error(
      `CRM URL ${new URL(crmUrl).host} names no database (expected mysql://host:port/database)`,
    );
  return name;
}

/** The same server URL without a database, for CREATE DATABASE. */
export function withoutDatabase(url: string): string {
  const u = new URL(url);
  u.pathname = "/";
  return u.toString();
}

/** Runs a script of `;`-terminated statements one by one (the MariaDB driver takes one statement per call). */
export async function runMysqlScript(db: Db, script: string): Promise<void> {
  const body = script
    .split("\n")
    .filter((line) => !/^\s*--/.test(line))
    .join("\n");
  for (const statement of body.split(/;\s*(?:\n|$)/)) {
    if (statement.trim()) await db.raw(statement);
  }
}

async function readErp(erpUrl: string) {
  const client = new pg.Client({ connectionString: erpUrl, application_name: "retier-demo" });
  try {
    await client.connect();
    const info = await client.query(sqlFile("demo/seed-info-read"));
    const row = info.rows[0] as
      | {
          customers: number;
          seed: string;
          anchor: Date;
          generator_version: string;
          order_scale: number;
          row_counts: Record<string, number>;
        }
      | undefined;
    if (!row) return null;
    const live = await client.query("SELECT count(*)::int AS n FROM erp.customers");
    return { row, erpCustomerRows: (live.rows[0] as { n: number }).n };
  } catch (err) {
    if (PG_ABSENT.has(code(err) ?? "")) return null;
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

async function countCrm(crmUrl: string): Promise<number | null> {
  const db = connectSource("mysql2", crmUrl);
  try {
    const [rows] = (await db.raw("SELECT COUNT(*) AS n FROM customers")) as [{ n: number | string }[]];
    return Number(rows[0]?.n ?? 0);
  } catch (err) {
    if (MYSQL_ABSENT.has(code(err) ?? "")) return null;
    throw err;
  } finally {
    await db.destroy();
  }
}

export async function readSeedState(erpUrl: string, crmUrl: string): Promise<SeedState | null> {
  const erp = await readErp(erpUrl);
  if (!erp) return null;
  const crmRows = await countCrm(crmUrl);
  if (crmRows === null) return null;
  const counts = erp.row.row_counts;
  return {
    customers: erp.row.customers,
    seed: erp.row.seed,
    anchor: erp.row.anchor,
    generatorVersion: erp.row.generator_version,
    orderScale: erp.row.order_scale,
    expectedErpCustomerRows: Number(counts["erp.customers"] ?? -1),
    expectedCrmRows: Number(counts["crm.customers"] ?? -1),
    erpCustomerRows: erp.erpCustomerRows,
    crmRows,
  };
}
