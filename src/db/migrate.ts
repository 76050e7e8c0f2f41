// Forward-only migrations: applies sql/migrations/NNNN_name.sql files not yet recorded, in order.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "../config/load.js";
import { quoteIdent } from "./ident.js";
import { type Db, inPgTransaction } from "./warehouse.js";

const DIR = resolve(PROJECT_ROOT, "sql/migrations");

/** Creates the database named in `url` if it does not exist (connecting to the `postgres` database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "42P04") return false; // created concurrently
    throw err;
  } finally {
    await client.end();
  }
}

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  // A raw client, not knex.raw: migration text contains '?' (regexes, jsonb operators) that knex
  // would take for bindings.
  return inPgTransaction(db, async (client) => {
    // One migrator at a time, even with several workers starting together.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('retier.migrate'))");
    await client.query("CREATE SCHEMA IF NOT EXISTS etl");
    await client.query(
      "CREATE TABLE IF NOT EXISTS etl.schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await client.query<{ version: string }>("SELECT version FROM etl.schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    const applied: string[] = [];
    for (const f of files) {
      if (done.has(f)) continue;
      await client.query(readFileSync(resolve(DIR, f), "utf8"));
      await client.query("INSERT INTO etl.schema_migrations (version) VALUES ($1)", [f]);
      applied.push(f);
    }
    return applied;
  });
}
