// Connections: the Postgres warehouse and the configured source databases, all through knex.
import knex, { type Knex } from "knex";
import pg from "pg";

// Dates and numerics come back as strings: money stays exact, timestamps keep their zone handling in SQL.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type Db = Knex;

export function connectWarehouse(url: string, pool = { min: 0, max: 8 }): Db {
  return knex({ client: "pg", connection: { connectionString: url, application_name: "retier" }, pool });
}

export function connectSource(client: "pg" | "mysql2", url: string): Db {
  if (client === "pg")
    return knex({
      client: "pg",
      connection: { connectionString: url, application_name: "retier-extract" },
      pool: { min: 0, max: 4 },
    });
  return knex({
    client: "mysql2",
    connection: {
      uri: url,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      charset: "utf8mb4",
    },
    pool: { min: 0, max: 4 },
  } as Knex.Config);
}

/** Runs `fn` with a raw pg client from the knex pool (for COPY), releasing it afterwards. */
export async function withPgClient<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = (await db.client.acquireConnection()) as pg.PoolClient;
  try {
    return await fn(client);
  } finally {
    await db.client.releaseConnection(client);
  }
}

/** A URL with its password replaced, safe for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^/:@]*):[^/@]*@/, "//$1:***@");
  }
}

/** Runs `fn` in one transaction on a raw pg client (for COPY and $n-parameter SQL files). */
export async function inPgTransaction<T>(
  db: Db,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  return withPgClient(db, async (client) => {
    await client.query(begin);
    try {
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  });
}
