// What every stage service receives: the warehouse, the frozen config, the run, a logger, a signal.
import type { AppConfig } from "../config/load.js";
import type { Db } from "../db/warehouse.js";
import type { Logger } from "../log.js";
import type { StageCounts } from "./ledger.js";

export interface StageContext {
  db: Db;
  config: AppConfig;
  runId: string;
  quarter: string;
  /** The run's notion of "now": future-date checks and recency use it, never the clock. */
  asOf: Date;
  log: Logger;
  signal?: AbortSignal;
}

export type StageService = (ctx: StageContext) => Promise<StageCounts>;
