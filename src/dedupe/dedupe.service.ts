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
import { clusterRecords, type MatchRecord } from "./match.js";

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

export async function dedupeStage(ctx: StageContext): Promise<StageCounts> {
  const cfg = ctx.config.dedupe;
  const { rows } = await withPgClient(ctx.db, (c) =>
    c.query<Loaded>(sqlFile("dedupe/load_records"), [ctx.runId]),
  );
  ctx.signal?.throwIfAborted();
  const t0 = performance.now();
  const clusters = clusterRecords(rows, cfg, await loadRegionTable());
  const matchMs = Math.round(performance.now() - t0);
  const members: number[][] = Array.from({ length: clusters.clusterCount }, () => []);
  rows.forEach((_r, i) => members[clusters.clusterOf[i]!]!.push(i));
  const groups = members.map((idx) => idx.map((i) => rows[i]!));
  const identity = assignIds(groups.map((g) => ({ members: g, previousIds: g.map((m) => m.previous_id) })));

  const xref: CopyValue[][] = [];
  const golden: CopyValue[][] = [];
  groups.forEach((group, c) => {
    const id = identity.ids[c]!;
    const g = goldenRecord(group, cfg.source_priority);
    golden.push([
      ctx.runId,
      id,
      g.name,
      g.phone_e164,
      g.email,
      g.region_code,
      g.credit_code,
      g.first_seen_at,
      group.length,
    ]);
    for (const i of members[c]!)
      xref.push([ctx.runId, rows[i]!.source, rows[i]!.source_key, id, clusters.ruleOf[i]!]);
  });
  const merges = identity.merges.map((m) => [ctx.runId, m.merged, m.survivor]);

  ctx.signal?.throwIfAborted();
  await inPgTransaction(ctx.db, async (client) => {
    for (const t of ["core.int_customer_xref", "core.int_customers_golden", "core.customer_merges"])
      await client.query(`DELETE FROM ${t} WHERE run_id = $1`, [ctx.runId]);
    const copy = (table: string, cols: string[], data: CopyValue[][]) =>
      pipeline(
        Readable.from(data.map((r) => encodeCopyRow(r))),
        client.query(copyFrom(`COPY ${table} (${cols.join(", ")}) FROM STDIN`)),
      );
    await copy(
      "core.int_customer_xref",
      ["run_id", "source", "source_key", "customer_id", "match_rule"],
      xref,
    );
    await copy("core.int_customers_golden", GOLDEN_COLUMNS, golden);
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
    `${rows.length} source customers → ${golden.length} customers (${rows.length - golden.length} duplicates merged) in ${matchMs} ms`,
  );
  const rules: Record<string, number> = {};
  for (const r of clusters.ruleOf) rules[r] = (rules[r] ?? 0) + 1;
  return {
    rowsIn: rows.length,
    rowsOut: golden.length,
    details: {
      duplicatesMerged: rows.length - golden.length,
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
