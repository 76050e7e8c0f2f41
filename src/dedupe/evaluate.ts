// Scores a clustering against ground truth: pairwise precision/recall/F1 (over record pairs put in one
// cluster) and cluster precision/recall/F1 (clusters that are exactly one true entity). Pure.

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  records: number;
  /** Predicted clusters / true entities among the evaluated records. */
  clusters: number;
  entities: number;
  pairwise: Scores & { truePositives: number; predictedPairs: number; truePairs: number };
  cluster: Scores & { exact: number };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function scores(tp: number, predicted: number, actual: number): Scores {
  // No predicted pairs: nothing was wrongly merged (precision 1); no true pairs: nothing was missed.
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = actual === 0 ? 1 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** `predicted[i]` and `truth[i]` label record i: its cluster and its true entity. */
export function evaluateClusters(predicted: readonly string[], truth: readonly string[]): Evaluation {
  if (predicted.length !== truth.length)
    throw new Error(
      `evaluate: expected one truth label per record, got ${truth.length} for ${predicted.length}`,
    );
  // Labels interned to small integers: a million records, no string keys per record.
  const intern = (labels: readonly string[]) => {
    const ids = new Map<string, number>();
    return Int32Array.from(labels, (l) => {
      let id = ids.get(l);
      if (id === undefined) ids.set(l, (id = ids.size));
      return id;
    });
  };
  const c = intern(predicted);
  const e = intern(truth);
  const clusterCount = c.reduce((m, x) => Math.max(m, x + 1), 0);
  const entityCount = e.reduce((m, x) => Math.max(m, x + 1), 0);
  const clusterSizes = new Int32Array(clusterCount);
  const entitySizes = new Int32Array(entityCount);
  const cell = new Map<number, number>();
  // The entity of each cluster's records; -2 once a cluster holds two entities.
  const clusterEntity = new Int32Array(clusterCount).fill(-1);
  for (let i = 0; i < c.length; i++) {
    const ci = c[i]!;
    const ei = e[i]!;
    clusterSizes[ci]!++;
    entitySizes[ei]!++;
    const k = ci * entityCount + ei;
    cell.set(k, (cell.get(k) ?? 0) + 1);
    const seen = clusterEntity[ci]!;
    if (seen === -1) clusterEntity[ci] = ei;
    else if (seen !== ei) clusterEntity[ci] = -2;
  }
  let tp = 0;
  for (const n of cell.values()) tp += pairs(n);
  let predictedPairs = 0;
  for (const n of clusterSizes) predictedPairs += pairs(n);
  let truePairs = 0;
  for (const n of entitySizes) truePairs += pairs(n);
  // A cluster is exact when it holds one entity and all of that entity's records.
  let exact = 0;
  clusterEntity.forEach((ei, ci) => {
    if (ei >= 0 && entitySizes[ei] === clusterSizes[ci]) exact++;
  });
  return {
    records: predicted.length,
    clusters: clusterCount,
    entities: entityCount,
    pairwise: { ...scores(tp, predictedPairs, truePairs), truePositives: tp, predictedPairs, truePairs },
    cluster: { ...scores(exact, clusterCount, entityCount), exact },
  };
}

/** Record indices of up to `limit` wrong merges (clusters holding several entities) and misses (entities split up). */
export function errorExamples(
  predicted: readonly string[],
  truth: readonly string[],
  limit: number,
): { falseMerges: number[][]; missed: number[][] } {
  const groupBy = (labels: readonly string[]) => {
    const m = new Map<string, number[]>();
    labels.forEach((l, i) => {
      const list = m.get(l);
      if (list) list.push(i);
      else m.set(l, [i]);
    });
    return [...m.values()];
  };
  const mixed = (groups: number[][], other: readonly string[]) =>
    groups.filter((g) => g.some((i) => other[i] !== other[g[0]!])).slice(0, limit);
  return { falseMerges: mixed(groupBy(predicted), truth), missed: mixed(groupBy(truth), predicted) };
}
