// The floor, measured in the same run: how long PostgreSQL and MariaDB take to move the same rows
// without any of our logic, and how long the feature aggregation takes by itself.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type { AppConfig } from "../config/load.js";
import { ENTITY_NAMES } from "../config/schema.js";
import { connectSource, type Db, inPgTransaction, withPgClient } from "../db/warehouse.js";
import { planEntity, STAGING_TABLE } from "../extract/mapping.js";
import {
  clearFeatureParts,
  combineFeatureParts,
  featureWindow,
  writeFeatureParts,
} from "../features/features.service.js";

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Reading every mapped source table once: COPY TO for PostgreSQL, a streamed SELECT for MariaDB. */
export async function sourceReadFloor(config: AppConfig): Promise<number> {
  let total = 0;
  for (const source of config.sources) {
    const db = connectSource(source.client, config.sourceUrls[source.name]!);
    try {
      for (const entity of ENTITY_NAMES) {
        const plan = planEntity(source, entity);
        if (!plan) continue;
        total += await timed(async () => {
          if (source.client === "pg")
            await withPgClient(db, (c) =>
              pipeline(c.query(copyTo(`COPY (${plan.sql}) TO STDOUT`)), discard()),
            );
          else for await (const _row of db.raw(plan.sql).stream() as unknown as AsyncIterable<unknown>);
        });
      }
    } finally {
      await db.destroy();
    }
  }
  return total;
}

/** Copying the run's staged rows out of and back into the warehouse (into scratch tables, rolled back). */
export async function warehouseCopyFloor(db: Db, runId: string): Promise<number> {
  let total = 0;
  for (const table of Object.values(STAGING_TABLE)) {
    total += await timed(() =>
      inPgTransaction(db, async (writer) => {
        await writer.query(`CREATE TEMP TABLE scratch (LIKE ${table}) ON COMMIT DROP`);
        const sink = writer.query(copyFrom("COPY scratch FROM STDIN"));
        await withPgClient(db, (reader) =>
          pipeline(
            reader.query(
              copyTo(`COPY (SELECT * FROM ${table} WHERE run_id = '${runId.replace(/'/g, "")}') TO STDOUT`),
            ),
            sink,
          ),
        );
      }),
    );
  }
  return total;
}

/** The feature statements alone, as the stage runs them (the run's rows are put back by the rollback). */
export async function featureQueryFloor(
  db: Db,
  config: AppConfig,
  runId: string,
  quarter: string,
): Promise<number> {
  const w = featureWindow(quarter, config.evaluation.window_months, config.timezone);
  const parts = await timed(() => writeFeatureParts(db, runId, w));
  try {
    return await withPgClient(db, async (c) => {
      await c.query("BEGIN");
      try {
        await c.query("DELETE FROM core.customer_features WHERE run_id = $1", [runId]);
        return parts + (await timed(() => combineFeatureParts(c, runId, w)));
      } finally {
        await c.query("ROLLBACK");
      }
    });
  } finally {
    await withPgClient(db, (c) => clearFeatureParts(c, runId));
  }
}
