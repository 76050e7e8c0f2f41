// Dedupe: clusters the run's clean customers, picks golden records, keeps customer ids stable across
// runs, and writes everything for the run in one transaction.
import { assertIntermediates } from "../runs/intermediates.js";
import { loadRegionTable } from "../clean/reference.js";
import { copyRows, type CopyValue } from "../db/copy.js";
import { cursorBatches } from "../db/cursor.js";
import { stepTimes } from "../runs/step-times.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { CustomerColumnsBuilder, type LoadedRow } from "./customer-columns.js";
import { assignClusterIds, clusterMembers, sourceRank, survivors } from "./golden.js";
import { clusterSteps } from "./match.js";

const GOLDEN_COLUMNS = [
  "run_id",
  "customer_id",
  "name",
  "phone_e164",
  "email",
  "region_code",
  "credit_code",
  "first_seen_at",
  "source_rows",
];

export async function dedupeStage(
  ctx: StageContext,
  opts: { onStep?: (step: string) => void } = {},
): Promise<StageCounts> {
  const cfg = ctx.config.dedupe;
  // Each step's time goes into the stage's log line (as the tier's): where a slow run spent it.
  const times = stepTimes();
  const onStep = (step: string) => {
    times.lap(step);
    opts.onStep?.(step);
  };
  await assertIntermediates(ctx.db, ctx.runId, "dedupe");
  // Through a cursor into columns: only a batch of row objects is alive at a time, never 1.25 M of them.
  const cols = await inPgTransaction(ctx.db, async (c) => {
    // One process sorts the rows faster than a parallel plan gathers them (at L: 3.0 s against 4.0 s).
    await c.query("SET LOCAL max_parallel_workers_per_gather = 0");
    const b = new CustomerColumnsBuilder();
    // Rows as arrays (no object per row), read a batch ahead of the builder.
    const rows = cursorBatches<LoadedRow>(c, sqlFile("dedupe/load_records"), [ctx.runId], {
      rowMode: "array",
    });
    for await (const batch of rows) for (const row of batch) b.pushLoaded(row);
    return b.finish();
  });
  const n = cols.size;
  onStep("load");
  ctx.signal?.throwIfAborted();
  const t0 = performance.now();
  // The match is CPU-bound (≈20 s at 1.25 M rows): between its phases the event loop runs (lock renewal)
  // and a cancelled job stops. Its feature table and edges are garbage once it returns.
  const steps = clusterSteps(cols, cfg, await loadRegionTable());
  let step = steps.next();
  while (!step.done) {
    onStep(step.value);
    await new Promise((resolve) => setImmediate(resolve));
    ctx.signal?.throwIfAborted();
    step = steps.next();
  }
  const clusters = step.value;
  onStep("clustering");
  const matchMs = Math.round(performance.now() - t0);
  const groups = clusterMembers(clusters.clusterOf, clusters.clusterCount);
  const identity = assignClusterIds(cols, groups);
  onStep("ids");

  // Rows for COPY are generated lazily from the columns: materialised, they would double the memory.
  const range = (c: number) => groups.members.subarray(groups.start[c]!, groups.start[c + 1]!);
  function* xrefRows(): Generator<CopyValue[]> {
    for (let c = 0; c < groups.count; c++)
      for (const i of range(c))
        yield [ctx.runId, cols.source[i]!, cols.source_key[i]!, identity.ids[c]!, clusters.ruleOf[i]!];
  }
  const rankOf = sourceRank(cfg.source_priority);
  const value = (column: readonly (string | null)[], i: number) => (i < 0 ? null : column[i]!);
  function* goldenRows(): Generator<CopyValue[]> {
    for (let c = 0; c < groups.count; c++) {
      const from = survivors(cols, range(c), rankOf);
      yield [
        ctx.runId,
        identity.ids[c]!,
        value(cols.name, from.name),
        value(cols.phone_e164, from.phone_e164),
        value(cols.email, from.email),
        value(cols.region_code, from.region_code),
        value(cols.credit_code, from.credit_code),
        from.first_seen_at < 0 ? null : new Date(cols.createdAt[from.first_seen_at]!),
        groups.start[c + 1]! - groups.start[c]!,
      ];
    }
  }
  const merges = identity.merges.map((m) => [ctx.runId, m.merged, m.survivor]);

  ctx.signal?.throwIfAborted();
  await inPgTransaction(ctx.db, async (client) => {
    for (const t of ["core.int_customer_xref", "core.int_customers_golden", "core.customer_merges"])
      await client.query(`DELETE FROM ${t} WHERE run_id = $1`, [ctx.runId]);
    onStep("delete");
    const copy = (table: string, cols: string[], data: Iterable<CopyValue[]>) =>
      copyRows(client, table, cols, data);
    await copy(
      "core.int_customer_xref",
      ["run_id", "source", "source_key", "customer_id", "match_rule"],
      xrefRows(),
    );
    onStep("copy xref");
    await copy("core.int_customers_golden", GOLDEN_COLUMNS, goldenRows());
    onStep("copy golden");
    await copy("core.customer_merges", ["run_id", "merged_customer_id", "survivor_customer_id"], merges);
    await client.query("SELECT set_config('work_mem', $1, true)", [cfg.work_mem]);
    await client.query(sqlFile("dedupe/lock_identity"));
    await client.query(sqlFile("dedupe/publish_identity"), [ctx.runId]);
    onStep("publish");
  });
  onStep("commit");

  if (clusters.oversizedKeys.length)
    ctx.log.warn(`${clusters.oversizedKeys.length} strong keys shared by too many records were ignored`, {
      keys: clusters.oversizedKeys.slice(0, 10),
    });
  if (clusters.splits.length)
    ctx.log.warn(
      `${clusters.splits.length} clusters above dedupe.max_cluster_size (${cfg.max_cluster_size}) were split on their weakest links`,
      { largest: clusters.splits.slice(0, 10) },
    );
  ctx.log.info(
    `${n} source customers → ${groups.count} customers (${n - groups.count} duplicates merged) in ${matchMs} ms`,
    { steps: times.text() },
  );
  const rules: Record<string, number> = {};
  for (const r of clusters.ruleOf) rules[r] = (rules[r] ?? 0) + 1;
  return {
    rowsIn: n,
    rowsOut: groups.count,
    details: {
      duplicatesMerged: n - groups.count,
      idMerges: merges.length,
      idSplits: identity.splits,
      matchRules: rules,
      oversizedKeys: clusters.oversizedKeys.length,
      giantClustersSplit: clusters.splits.length,
      giantClusters: clusters.splits.slice(0, 10),
      matching: { ...clusters.stats, ms: matchMs },
    },
  };
}
