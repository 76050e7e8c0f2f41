// Extract: streams every mapped source table into staging, read-only from one snapshot per source and
// COPY into the warehouse. Large tables are read as key-range partitions in parallel; an incremental run
// reads only the rows changed since the last extract and carries the rest forward from that run.
import { markIntermediates } from "../runs/intermediates.js";
import { ENTITY_NAMES, type EntityName, type SourceConfig } from "../config/schema.js";
import { connectSource, type Db, redactUrl } from "../db/warehouse.js";
import { DataError, TransientError, errorMessage } from "../errors.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { runBounded } from "./bounded.js";
import { decideMode, type EntityMode, type ExtractMode, parseMode } from "./incremental.js";
import { type EntityPlan, missingColumns, planEntity } from "./mapping.js";
import { type KeyRange, partitionCount, planRanges, rowNoBase } from "./partition.js";
import { openMysqlSession, openPgSession, type SourceSession } from "./source-session.js";
import {
  changedSinceSelect,
  countSql,
  isIntegerType,
  isTemporalType,
  maxWatermarkSql,
  minMaxSql,
  rangeSelect,
  rowEstimateSql,
  sampleSql,
  typedFields,
  typedInBoth,
  uniqueColumnSql,
} from "./source-sql.js";
import {
  analyzeStaging,
  carryForward,
  copyIntoStaging,
  previousExtract,
  recordExtract,
  resetStaging,
  stagedStats,
} from "./staging-writer.js";

export interface ExtractOptions {
  /** Overrides the run parameter `mode` ("full" when neither is given). */
  mode?: ExtractMode;
}

interface EntityResult {
  rows: number;
  read: number;
  partitions: number;
  mode: EntityMode;
}

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "08006", // connection_failure
  "08001", // unable to connect
  "PROTOCOL_CONNECTION_LOST",
]);
/** The source changed shape under us: undefined column or table (Postgres, MySQL). */
const SHAPE_ERRORS = new Set(["42703", "42P01", "ER_BAD_FIELD_ERROR", "ER_NO_SUCH_TABLE"]);

export async function extractStage(ctx: StageContext, opts: ExtractOptions = {}): Promise<StageCounts> {
  const mode = opts.mode ?? parseMode(await runParameter(ctx.db, ctx.runId, "mode"));
  await markIntermediates(ctx.db, ctx.runId);
  let total = 0;
  const tables: Record<string, number> = {};
  const read: Record<string, number> = {};
  const partitions: Record<string, number> = {};
  const modes: Record<string, string> = {};
  for (const source of ctx.config.sources) {
    const url = ctx.config.sourceUrls[source.name]!;
    const src = connectSource(source.client, url);
    let session: SourceSession | undefined;
    try {
      session = await (source.client === "pg" ? openPgSession : openMysqlSession)(src, source).catch(
        (err: unknown) => {
          throw classify(err, source, url, null);
        },
      );
      for (const entity of ENTITY_NAMES) {
        const plan = planEntity(source, entity);
        if (!plan) continue;
        ctx.signal?.throwIfAborted();
        const r = await extractEntity(ctx, source, session, plan, mode).catch((err: unknown) => {
          throw classify(err, source, url, plan);
        });
        const name = `${source.name}.${entity}`;
        tables[name] = r.rows;
        read[name] = r.read;
        partitions[name] = r.partitions;
        modes[name] = r.mode.kind;
        total += r.rows;
        ctx.log.info(
          `extracted ${r.rows} rows from ${source.name} ${plan.table}: ${describe(r)}`,
          r.mode.kind === "full" ? { why: r.mode.why } : { baseRunId: r.mode.baseRunId },
        );
      }
    } finally {
      // Never let cleaning up hide the error that brought us here.
      await session?.close().catch(() => undefined);
      await src.destroy();
    }
  }
  // The clean stage plans its set work on these statistics (it cannot analyse inside its transaction).
  await analyzeStaging(
    ctx.db,
    Object.keys(tables).map((t) => t.split(".")[1] as EntityName),
  );
  return { rowsIn: total, rowsOut: total, details: { mode, tables, read, partitions, modes } };
}

function describe(r: EntityResult): string {
  if (r.mode.kind === "incremental")
    return `${r.read} changed since ${r.mode.since}, ${r.rows - r.read} carried from run ${r.mode.baseRunId}`;
  return r.partitions > 1 ? `full, ${r.partitions} partitions` : "full";
}

async function runParameter(db: Db, runId: string, name: string): Promise<unknown> {
  const run = await db("etl.runs")
    .where({ run_id: runId })
    .first<{ params: Record<string, unknown> } | undefined>("params");
  return run?.params?.[name];
}

function classify(err: unknown, source: SourceConfig, url: string, plan: EntityPlan | null): Error {
  if (err instanceof DataError || err instanceof TransientError) return err;
  const code = String((err as { code?: unknown }).code ?? "");
  const where = `source ${source.name} (${redactUrl(url)})${plan ? `, table ${plan.table}` : ""}`;
  if (SHAPE_ERRORS.has(code))
    return new DataError(`${where}: ${errorMessage(err)} (check config sources.${source.name}.entities)`, {
      cause: err,
    });
  if (CONNECTION_ERRORS.has(code) || /connect|terminat|timeout|closed/i.test(errorMessage(err)))
    return new TransientError(`${where}: source unreachable: ${errorMessage(err)}`, { cause: err });
  return new Error(`${where}: ${errorMessage(err)}`, { cause: err });
}

async function extractEntity(
  ctx: StageContext,
  source: SourceConfig,
  session: SourceSession,
  plan: EntityPlan,
  mode: ExtractMode,
): Promise<EntityResult> {
  const types = await checkColumns(session, source, plan);
  const typed = typedFields(plan, types);
  const unique = await sourceKeyUnique(session, plan);
  // Read before the rows (the same snapshot on Postgres): a row changed meanwhile is read again next time.
  const watermark = plan.watermark
    ? ((await session.scalar(maxWatermarkSql(plan, plan.watermark.column)))[0] ?? null)
    : null;
  const previous = mode === "incremental" ? await previousExtract(ctx.db, ctx.runId, plan) : undefined;
  const base = previous ? await stagedStats(ctx.db, previous.run_id, plan) : undefined;
  const em = decideMode(mode, plan, previous, base);
  await resetStaging(ctx.db, ctx.runId, plan);

  if (em.kind === "incremental") {
    const changed = changedSinceSelect(plan, em.since);
    const readRows = await copyIntoStaging(ctx.db, ctx.runId, plan, em.baseMaxRowNo, (sink) =>
      session.copyOut(plan, changed, sink, false),
    );
    const carried = await carryForward(ctx.db, ctx.runId, em.baseRunId, plan);
    const rows = readRows + carried;
    await recordExtract(ctx.db, ctx.runId, plan, {
      mode: "incremental",
      watermark: watermark ?? em.since,
      baseRunId: em.baseRunId,
      rowsRead: readRows,
      rowsTotal: rows,
      partitions: 1,
      typedFields: typedInBoth(typed, previous?.typed_fields ?? {}),
      sourceKeyUnique: unique && previous?.source_key_unique === true,
    });
    return { rows, read: readRows, partitions: 1, mode: em };
  }

  const integerKey = plan.partition
    ? isIntegerType(types.get(plan.partition.column.toLowerCase()) ?? "")
    : false;
  const ranges = await planPartitions(session, plan, integerKey);
  const parallel = ranges.length > 1;
  const counts = await runBounded(ranges, source.max_parallel, (range) => {
    ctx.signal?.throwIfAborted();
    return copyIntoStaging(ctx.db, ctx.runId, plan, rowNoBase(range.index), (sink) =>
      session.copyOut(plan, rangeSelect(plan, range, integerKey), sink, parallel),
    );
  });
  const rows = counts.reduce((a, b) => a + b, 0);
  await recordExtract(ctx.db, ctx.runId, plan, {
    mode: "full",
    watermark,
    baseRunId: null,
    rowsRead: rows,
    rowsTotal: rows,
    partitions: ranges.length,
    typedFields: typed,
    sourceKeyUnique: unique,
  });
  return { rows, read: rows, partitions: ranges.length, mode: em };
}

/** Fails at once, naming source, table and column, when the source lacks what the mapping reads. */
async function checkColumns(
  session: SourceSession,
  source: SourceConfig,
  plan: EntityPlan,
): Promise<Map<string, string>> {
  const actual = await session.columns(plan.table);
  if (actual.length === 0)
    throw new DataError(`source ${source.name}: table ${plan.table} not found (or has no columns)`);
  const missing = missingColumns(
    plan,
    actual.map((c) => c.name),
  );
  if (missing.length)
    throw new DataError(
      `source ${source.name}, table ${plan.table}: column ${missing.join(", ")} not found (mapped in config sources.${source.name}.entities.${plan.entity})`,
    );
  const types = new Map(actual.map((c) => [c.name.toLowerCase(), c.type]));
  const wm = plan.watermark?.column;
  if (wm && !isTemporalType(types.get(wm.toLowerCase()) ?? ""))
    throw new DataError(
      `source ${source.name}, table ${plan.table}: column ${wm} is ${types.get(wm.toLowerCase())}, but the watermark needs a date/time column (sources.${source.name}.entities.${plan.entity})`,
    );
  return types;
}

async function sourceKeyUnique(session: SourceSession, plan: EntityPlan): Promise<boolean> {
  const column = plan.columns.find((c) => c.field === "source_key")?.column;
  if (!column) return false;
  const u = uniqueColumnSql(plan, column);
  return (await session.scalar(u.sql, u.bindings))[0] === "1";
}

/** The table's rows by the source's own estimate, or counted when it has none. */
export async function estimateRows(session: SourceSession, plan: EntityPlan): Promise<number> {
  const est = rowEstimateSql(plan);
  const rows = Number((await session.scalar(est.sql, est.bindings))[0] ?? -1);
  // No statistics yet (never analysed, or InnoDB's estimate still 0 after a bulk load): count.
  return rows > 0 ? rows : Number((await session.scalar(countSql(plan)))[0] ?? 0);
}

/** Key ranges for the table: one unless the mapping asks for partitions and the table is large. */
async function planPartitions(
  session: SourceSession,
  plan: EntityPlan,
  integerKey: boolean,
): Promise<KeyRange[]> {
  const whole = [{ index: 0, lower: null, upper: null }];
  if (!plan.partition) return whole;
  const rows = await estimateRows(session, plan);
  const { column, rowsPerPartition } = plan.partition;
  const wanted = partitionCount(rows, rowsPerPartition);
  if (wanted === 1) return whole;
  if (integerKey) {
    const [min, max] = await session.scalar(minMaxSql(plan, column));
    return planRanges({ kind: "integer", min: min ?? null, max: max ?? null, rows }, rowsPerPartition);
  }
  // About a hundred sampled keys per partition place the boundaries within a percent or so.
  const s = sampleSql(plan, column, Math.min(1, (wanted * 100) / rows));
  const sample = await session.list(s.sql, s.bindings);
  return planRanges({ kind: "sample", sample, rows }, rowsPerPartition);
}
