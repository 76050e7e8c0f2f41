// A private world for one test file: its own warehouse and demo source databases, queue prefix and
// output folder, all dropped afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";
import { Redis } from "ioredis";
import { type AppConfig, loadConfig } from "../../src/config/load.js";
import { ensureDatabase, migrate } from "../../src/db/migrate.js";
import { connectWarehouse, type Db } from "../../src/db/warehouse.js";
import { createLogger, type Logger } from "../../src/log.js";

const PG = "postgres://postgres@127.0.0.1:5432";
const MY = "mysql://root@127.0.0.1:3306";
export const REDIS_URL = "redis://127.0.0.1:6379";

export interface TestEnv {
  name: string;
  warehouseUrl: string;
  erpUrl: string;
  crmUrl: string;
  outDir: string;
  queuePrefix: string;
  env: Record<string, string>;
  db: Db;
  log: Logger;
  config(extra?: { env?: Record<string, string>; overrides?: Record<string, unknown> }): AppConfig;
  cleanup(): Promise<void>;
}

export async function createTestEnv(label: string): Promise<TestEnv> {
  const name = `retier_t_${label}_${randomBytes(3).toString("hex")}`;
  const warehouseUrl = `${PG}/${name}`;
  const erpUrl = `${PG}/${name}_erp`;
  const crmUrl = `${MY}/${name}_crm`;
  const outDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const queuePrefix = `t${randomBytes(4).toString("hex")}`;
  await ensureDatabase(warehouseUrl);
  const db = connectWarehouse(warehouseUrl);
  await migrate(db);
  const env = {
    WAREHOUSE_URL: warehouseUrl,
    RETIER_ERP_URL: erpUrl,
    RETIER_CRM_URL: crmUrl,
    REDIS_URL,
    RETIER_QUEUE_PREFIX: queuePrefix,
    RETIER_OUT_DIR: outDir,
  };
  const log = createLogger({ level: "warn", json: true });
  return {
    name,
    warehouseUrl,
    erpUrl,
    crmUrl,
    outDir,
    queuePrefix,
    env,
    db,
    log,
    config: (extra = {}) =>
      loadConfig({ path: "config/demo.yaml", env: { ...env, ...extra.env }, overrides: extra.overrides }),
    async cleanup() {
      await db.destroy();
      const admin = new pg.Client({ connectionString: `${PG}/postgres` });
      await admin.connect();
      for (const d of [name, `${name}_erp`]) await admin.query(`DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`);
      await admin.end();
      const my = await mysql.createConnection({ uri: MY });
      await my.query(`DROP DATABASE IF EXISTS \`${name}_crm\``);
      await my.end();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
