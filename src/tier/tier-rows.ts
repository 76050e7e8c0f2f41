// core.customer_tiers rows in COPY text format, straight from columnar results (tier-results.ts) in chunks
// of ~64 KiB: the text of a million rows (~270 MB) is never held at once, and the parts most customers
// share (tier codes, rules fired, tags) are encoded once per distinct value instead of once per row.
// The text is exactly what encodeCopyRow makes of each TierResult (tier-rows.test.ts checks it).
import { encodeCopyValue } from "../db/copy.js";
import { topIndices, roundScore } from "./decide.js";
import { finalIdx, kmeansIdx, type TierResults } from "./tier-results.js";

export const TIER_COLUMNS = [
  "run_id",
  "customer_id",
  "score",
  "cluster",
  "threshold_tier",
  "kmeans_tier",
  "model_tier",
  "final_tier",
  "previous_tier",
  "rules_applied",
  "top_contributors",
  "tags",
  "is_override",
];

const NULL = "\\N";

export function* tierCopyChunks(runId: string, r: TierResults, chunkChars = 65_536): Generator<string> {
  const { batch, order, outcomes, weighted, score, labels, thresholdIdx, outcome, overridden } = r;
  const d = r.indicators.length;
  const run = `${encodeCopyValue(runId)}\t`;
  const tier = order.map((t) => encodeCopyValue(t));
  // Escaping is per character, so escaped pieces concatenate to the escaped whole; numbers need none.
  const contributor = r.indicators.map((name) =>
    encodeCopyValue(`{"indicator":${JSON.stringify(name)},"points":`),
  );
  const rulesText = outcomes.map((o) => encodeCopyValue(JSON.stringify(o.applied)));
  const tagsText = outcomes.map((o) => encodeCopyValue([...o.tags]));
  const previousText = new Map<string, string>();
  const top: number[] = [];
  let buf = "";
  for (let i = 0; i < r.size; i++) {
    const o = outcome[i]!;
    const over = overridden.get(i);
    const rules = over
      ? encodeCopyValue(JSON.stringify([...outcomes[o]!.applied, ...over.applied]))
      : rulesText[o]!;
    const km = kmeansIdx(r, i);
    const prev = batch.previousTier(i);
    let prevText = prev === null ? NULL : previousText.get(prev);
    if (prevText === undefined) previousText.set(prev!, (prevText = encodeCopyValue(prev)));
    topIndices(weighted, i * d, d, top);
    let contributors = "[";
    for (let p = 0; p < top.length; p++)
      contributors += `${p ? "," : ""}${contributor[top[p]!]!}${roundScore(weighted[i * d + top[p]!]!)}}`;
    contributors += "]";
    buf +=
      `${run}${encodeCopyValue(batch.customerId(i))}\t${score[i]!}\t${labels ? labels[i]! : NULL}\t` +
      `${tier[thresholdIdx[i]!]!}\t${km === null ? NULL : tier[km]!}\t${tier[outcomes[o]!.modelIdx]!}\t` +
      `${tier[finalIdx(r, i)]!}\t${prevText}\t${rules}\t${contributors}\t${tagsText[o]!}\t` +
      `${over ? "true" : "false"}\n`;
    if (buf.length > chunkChars) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
