// Dedupe: clusters the run's clean customers, picks golden records, keeps customer ids stable across
// runs, and writes everything for the run in one transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { loadRegionTable } from "../clean/reference.js";
import { encodeCopyRow, type CopyValue } from "../db/copy.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { assignIds, goldenRecord } from "./golden.js";
import { clusterSteps, type MatchRecord } from "./match.js";

type Loaded = MatchRecord & { previous_id: string | null };

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

/** COPY text in ~64 KiB chunks rather than one write per row. */
function* chunks(data: Iterable<CopyValue[]>): Generator<string> {
  let buf = "";
  for (const row of data) {
    buf += encodeCopyRow(row);
    if (buf.length >= 65_536) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

export async function dedupeStage(ctx: StageContext): Promise<StageCounts> {
  const cfg = ctx.config.dedupe;
  const { rows } = await withPgClient(ctx.db, (c) =>
    c.query<Loaded>(sqlFile("dedupe/load_records"), [ctx.runId]),
  );
  ctx.signal?.throwIfAborted();
  const t0 = performance.now();
  // The match is CPU-bound (≈20 s at 1.25 M rows): between its phases the event loop runs (lock renewal)
  // and a cancelled job stops.
  const steps = clusterSteps(rows, cfg, await loadRegionTable());
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    ctx.signal?.throwIfAborted();
    step = steps.next();
  }
  const clusters = step.value;
  const matchMs = Math.round(performance.now() - t0);
  const members: number[][] = Array.from({ length: clusters.clusterCount }, () => []);
  rows.forEach((_r, i) => members[clusters.clusterOf[i]!]!.push(i));
  const groups = members.map((idx) => idx.map((i) => rows[i]!));
  const identity = assignIds(groups.map((g) => ({ members: g, previousIds: g.map((m) => m.previous_id) })));

  // Rows for COPY are generated lazily: at 1.25 M source rows, materialised arrays would double the memory.
  function* xrefRows(): Generator<CopyValue[]> {
    for (let c = 0; c < groups.length; c++)
      for (const i of members[c]!)
        yield [ctx.runId, rows[i]!.source, rows[i]!.source_key, identity.ids[c]!, clusters.ruleOf[i]!];
  }
  function* goldenRows(): Generator<CopyValue[]> {
    for (let c = 0; c < groups.length; c++) {
      const g = goldenRecord(groups[c]!, cfg.source_priority);
      const id = identity.ids[c]!;
      yield [
        ctx.runId,
        id,
        g.name,
        g.phone_e164,
        g.email,
        g.region_code,
        g.credit_code,
        g.first_seen_at,
        groups[c]!.length,
      ];
    }
  }
  const merges = identity.merges.map((m) => [ctx.runId, m.merged, m.survivor]);

  ctx.signal?.throwIfAborted();
  await inPgTransaction(ctx.db, async (client) => {
    for (const t of ["core.int_customer_xref", "core.int_customers_golden", "core.customer_merges"])
      await client.query(`DELETE FROM ${t} WHERE run_id = $1`, [ctx.runId]);
    const copy = (table: string, cols: string[], data: Iterable<CopyValue[]>) =>
      pipeline(
        Readable.from(chunks(data)),
        client.query(copyFrom(`COPY ${table} (${cols.join(", ")}) FROM STDIN`)),
      );
    await copy(
      "core.int_customer_xref",
      ["run_id", "source", "source_key", "customer_id", "match_rule"],
      xrefRows(),
    );
    await copy("core.int_customers_golden", GOLDEN_COLUMNS, goldenRows());
    await copy("core.customer_merges", ["run_id", "merged_customer_id", "survivor_customer_id"], merges);
    await client.query(sqlFile("dedupe/publish_identity"), [ctx.runId]);
  });

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
    `${rows.length} source customers → ${groups.length} customers (${rows.length - groups.length} duplicates merged) in ${matchMs} ms`,
  );
  const rules: Record<string, number> = {};
  for (const r of clusters.ruleOf) rules[r] = (rules[r] ?? 0) + 1;
  return {
    rowsIn: rows.length,
    rowsOut: groups.length,
    details: {
      duplicatesMerged: rows.length - groups.length,
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
