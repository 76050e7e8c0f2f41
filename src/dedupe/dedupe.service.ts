// Dedupe: clusters the run's clean customers, picks golden records, keeps customer ids stable across
// runs, and writes everything for the run in one transaction.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { encodeCopyRow, type CopyValue } from "../db/copy.js";
import { sqlFile } from "../db/sql-file.js";
import { inPgTransaction, withPgClient } from "../db/warehouse.js";
import type { StageCounts } from "../runs/ledger.js";
import type { StageContext } from "../runs/stage-context.js";
import { goldenRecord, newCustomerId, resolveId } from "./golden.js";
import { clusterRecords, type MatchRecord } from "./match.js";

type Loaded = MatchRecord & { previous_id: string | null };

export async function dedupeStage(ctx: StageContext): Promise<StageCounts> {
  const { rows } = await withPgClient(ctx.db, (c) =>
    c.query<Loaded>(sqlFile("dedupe/load_records"), [ctx.runId]),
  );
  const clusters = clusterRecords(rows, ctx.config.dedupe.max_cluster_size);
  const members: number[][] = Array.from({ length: clusters.clusterCount }, () => []);
  rows.forEach((_r, i) => members[clusters.clusterOf[i]!]!.push(i));

  const xref: CopyValue[][] = [];
  const golden: CopyValue[][] = [];
  const merges: CopyValue[][] = [];
  const used = new Set<string>();
  for (const idx of members) {
    const group = idx.map((i) => rows[i]!);
    let { id, merged } = resolveId(
      group,
      group.map((m) => m.previous_id ?? undefined),
    );
    // An earlier customer split in two: only one part keeps the id.
    if (used.has(id)) ({ id, merged } = { id: newCustomerId(group), merged: [] });
    used.add(id);
    for (const m of merged) merges.push([ctx.runId, m, id]);
    const g = goldenRecord(group, ctx.config.dedupe.source_priority);
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
    for (const i of idx)
      xref.push([ctx.runId, rows[i]!.source, rows[i]!.source_key, id, clusters.ruleOf[i]!]);
  }

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
    await copy(
      "core.int_customers_golden",
      [
        "run_id",
        "customer_id",
        "name",
        "phone_e164",
        "email",
        "region_code",
        "credit_code",
        "first_seen_at",
        "source_rows",
      ],
      golden,
    );
    await copy("core.customer_merges", ["run_id", "merged_customer_id", "survivor_customer_id"], merges);
    await client.query(sqlFile("dedupe/publish_identity"), [ctx.runId]);
  });
  if (clusters.oversizedKeys.length)
    ctx.log.warn("keys shared by too many records were ignored", {
      keys: clusters.oversizedKeys.slice(0, 10),
    });
  ctx.log.info(
    `${rows.length} source customers → ${golden.length} customers (${rows.length - golden.length} duplicates merged)`,
  );
  return {
    rowsIn: rows.length,
    rowsOut: golden.length,
    details: {
      duplicatesMerged: rows.length - golden.length,
      idMerges: merges.length,
      oversizedKeys: clusters.oversizedKeys.length,
    },
  };
}
