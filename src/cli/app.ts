// Shared start-up for CLI commands: config (validated once), logger, warehouse, queue clients.
import { FlowProducer } from "bullmq";
import { producerConnection } from "../../jobs/queues.js";
import { type AppConfig, loadConfig, type LoadOptions } from "../config/load.js";
import { ensureDatabase, migrate } from "../db/migrate.js";
import { connectWarehouse, type Db } from "../db/warehouse.js";
import { createLogger, type Logger } from "../log.js";
import { servicesUp } from "../services/services-up.js";

export interface App {
  config: AppConfig;
  log: Logger;
  db: Db;
  close(): Promise<void>;
}

export function openApp(opts: LoadOptions = {}): App {
  const config = loadConfig(opts);
  const log = createLogger({ level: config.env.logLevel });
  const db = connectWarehouse(config.env.warehouseUrl);
  return { config, log, db, close: () => db.destroy() };
}

/** Runs `fn` with an app, closing its warehouse pool even when `fn` throws so the command can exit. */
export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const app = openApp();
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function allServiceUrls(config: AppConfig): string[] {
  return [config.env.warehouseUrl, config.env.redisUrl, ...Object.values(config.sourceUrls)];
}

/** Services up, warehouse database created, migrations applied. */
export async function prepareWarehouse(app: App): Promise<void> {
  await servicesUp(allServiceUrls(app.config), app.log);
  if (await ensureDatabase(app.config.env.warehouseUrl)) app.log.info("created the warehouse database");
  const applied = await migrate(app.db);
  if (applied.length) app.log.info(`applied migrations: ${applied.join(", ")}`);
}

export function flowProducer(config: AppConfig): FlowProducer {
  return new FlowProducer({
    connection: producerConnection(config.env.redisUrl),
    prefix: config.env.queuePrefix,
  });
}
