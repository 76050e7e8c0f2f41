// `retier dedupe evaluate`: reads one run's clusters from the warehouse and the demo ground truth from
// the demo source database, and scores them (the metrics are pure, in evaluate.ts).
import { sqlFile } from "../db/sql-file.js";
import { connectWarehouse, type Db, redactUrl, withPgClient } from "../db/warehouse.js";
import { DataError } from "../errors.js";
import { errorExamples, evaluateClusters, type Evaluation } from "./evaluate.js";

export interface RunEvaluation extends Evaluation {
  runId: string;
  /** The run's source customers without a ground-truth entry (left out of the scores). */
  unlabelled: number;
  examples: { falseMerges: ExampleRow[][]; missed: ExampleRow[][] };
}

export interface ExampleRow {
  source: string;
  source_key: string;
  name: string | null;
  customer_id: string;
  entity_id: string;
}

interface MatchRow {
  source: string;
  source_key: string;
  customer_id: string;
  match_rule: string;
  name: string | null;
}

/** The latest run with dedupe output, or the one given. */
async function resolveRun(db: Db, runId?: string): Promise<string> {
  if (runId) return runId;
  const { rows } = await withPgClient(db, (c) => c.query<{ run_id: string }>(sqlFile("dedupe/latest_run")));
  if (!rows[0]) throw new DataError("dedupe evaluate: no run has dedupe output (core.int_customer_xref) yet");
  return rows[0].run_id;
}

async function readTruth(truthUrl: string): Promise<Map<string, string>> {
  const source = connectWarehouse(truthUrl, { min: 0, max: 1 });
  try {
    const { rows } = await withPgClient(source, (c) =>
      c.query<{ source: string; source_key: string; entity_id: string }>(sqlFile("dedupe/truth_entities")),
    );
    return new Map(rows.map((r) => [`${r.source}\u0000${r.source_key}`, r.entity_id]));
  } catch (cause) {
    throw new DataError(
      `dedupe evaluate: cannot read truth.customer_entities in ${redactUrl(truthUrl)} (is the demo seeded?)`,
      { cause },
    );
  } finally {
    await source.destroy();
  }
}

export async function evaluateRun(
  db: Db,
  truthUrl: string,
  opts: { runId?: string; examples?: number } = {},
): Promise<RunEvaluation> {
  const runId = await resolveRun(db, opts.runId);
  const { rows } = await withPgClient(db, (c) => c.query<MatchRow>(sqlFile("dedupe/run_matches"), [runId]));
  if (rows.length === 0)
    throw new DataError(`dedupe evaluate: run ${runId} has no rows in core.int_customer_xref`);
  const truth = await readTruth(truthUrl);
  const labelled = rows.filter((r) => truth.has(`${r.source}\u0000${r.source_key}`));
  const predicted = labelled.map((r) => r.customer_id);
  const entities = labelled.map((r) => truth.get(`${r.source}\u0000${r.source_key}`)!);
  const toRows = (idx: number[]) =>
    idx.map((i) => ({ ...labelled[i]!, entity_id: entities[i]! })).map(({ match_rule: _rule, ...r }) => r);
  const ex = errorExamples(predicted, entities, opts.examples ?? 0);
  return {
    runId,
    unlabelled: rows.length - labelled.length,
    ...evaluateClusters(predicted, entities),
    examples: { falseMerges: ex.falseMerges.map(toRows), missed: ex.missed.map(toRows) },
  };
}
