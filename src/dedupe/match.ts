// Entity resolution over a run's clean customers: strong keys (credit code, mobile, email) link records
// deterministically; candidate pairs from blocking are scored (Fellegi–Sunter) and linked at or above
// the threshold; union-find over all links, guarded against giant clusters. Pure.
import type { RegionTable } from "../clean/region-table.js";
import { forEachCandidate, type BlockStats } from "./blocking.js";
import type { MatchColumns } from "./customer-columns.js";
import { clusterEdges, EdgeList, MATCH_RULES, type MatchRule, type SplitCluster } from "./cluster.js";
import {
  AMBIGUOUS,
  buildFeatures,
  CITY,
  type FeatureTable,
  MOBILE,
  provinceOf,
  type MatchRecord,
} from "./features.js";
import { groupByKey, key as keyHash } from "./key-groups.js";
import { compileScorer, type DedupeConfig, type Scorer } from "./scoring.js";
import { UnionFind } from "./union-find.js";

export type { MatchRecord } from "./features.js";

export interface Clusters {
  /** Cluster index per record. */
  clusterOf: Int32Array;
  /** The rule that linked each record into its cluster ('single' when alone). */
  ruleOf: MatchRule[];
  clusterCount: number;
  /** Strong keys skipped because more records than max_cluster_size shared them (placeholders). */
  oversizedKeys: { key: string; records: number }[];
  /** Would-be clusters above max_cluster_size, split on their weakest links. */
  splits: SplitCluster[];
  stats: BlockStats & {
    strongLinks: number;
    scoredLinks: number;
    vetoedLinks: number;
    ambiguousNames: number;
  };
}

type StrongKey = DedupeConfig["strong_keys"][number];

function strongValue(t: FeatureTable, i: number, key: StrongKey): string | null {
  if (key === "credit_code") return t.creditCode[i]!;
  if (key === "mobile") return t.flags[i]! & MOBILE ? t.phone[i]! : null;
  return t.email[i]!;
}

/** Two valid, different credit codes are two legal entities, whatever else they share. */
function conflicting(t: FeatureTable, i: number, j: number): boolean {
  const a = t.creditCode[i];
  const b = t.creditCode[j];
  return !!a && !!b && a !== b;
}

/** A hash group split by the actual key value (a hash group may, rarely, mix two keys). */
function byValue(group: number[], value: (i: number) => string): number[][] {
  const first = value(group[0]!);
  if (group.every((i) => value(i) === first)) return [group];
  const out = new Map<string, number[]>();
  for (const i of group) {
    const list = out.get(value(i));
    if (list) list.push(i);
    else out.set(value(i), [i]);
  }
  return [...out.values()];
}

/** Links records sharing a strong key (star from the key's first record), skipping placeholder keys. */
function strongLinks(
  t: FeatureTable,
  cfg: DedupeConfig,
  scorer: Scorer,
  edges: EdgeList,
  linked: UnionFind,
): { links: number; vetoed: number; oversizedKeys: Clusters["oversizedKeys"] } {
  let links = 0;
  let vetoed = 0;
  const oversizedKeys: Clusters["oversizedKeys"] = [];
  for (const key of cfg.strong_keys) {
    const groups = groupByKey(t.size, (i, add) => {
      const v = strongValue(t, i, key);
      if (v !== null) add(keyHash.part(v).done());
    });
    for (let g = 0; g < groups.count; g++) {
      const group = Array.from(groups.members.subarray(groups.start[g]!, groups.start[g + 1]!));
      for (const members of byValue(group, (i) => strongValue(t, i, key)!)) {
        if (members.length < 2) continue;
        if (members.length > cfg.max_cluster_size) {
          oversizedKeys.push({ key, records: members.length });
          continue;
        }
        const head = members[0]!;
        for (let k = 1; k < members.length; k++) {
          const j = members[k]!;
          if (conflicting(t, head, j)) {
            vetoed++;
            continue;
          }
          edges.push(head, j, scorer.score(t, head, j), key);
          linked.union(head, j);
          links++;
        }
      }
    }
  }
  return { links, vetoed, oversizedKeys };
}

export function clusterRecords(
  records: readonly MatchRecord[] | MatchColumns,
  cfg: DedupeConfig,
  regions: RegionTable,
): Clusters {
  const steps = clusterSteps(records, cfg, regions);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * clusterRecords as steps: yields the name of each phase done, so a caller can let its event loop run
 * (a BullMQ lock renewal) and honour an AbortSignal between phases of a long match.
 */
export function* clusterSteps(
  records: readonly MatchRecord[] | MatchColumns,
  cfg: DedupeConfig,
  regions: RegionTable,
): Generator<string, Clusters> {
  const t = buildFeatures(records, regions, new Set(cfg.free_mail_domains));
  yield "features";
  return yield* featureSteps(t, cfg);
}

/** Marks name keys that records of different cities of one province carry (flag AMBIGUOUS). */
export function markAmbiguousNames(t: FeatureTable): number {
  const groups = groupByKey(t.size, (i, add) => {
    if (t.location[i]) add(keyHash.num(provinceOf(t.location[i]!)).part(t.nameKey[i]!).done());
  });
  let marked = 0;
  for (let g = 0; g < groups.count; g++) {
    const group = Array.from(groups.members.subarray(groups.start[g]!, groups.start[g + 1]!));
    for (const members of byValue(group, (i) => t.nameKey[i]!)) {
      const cities = new Set<number>();
      for (const i of members) if (t.flags[i]! & CITY) cities.add(t.location[i]!);
      if (cities.size < 2) continue;
      for (const i of members) t.flags[i]! |= AMBIGUOUS;
      marked += members.length;
    }
  }
  return marked;
}

export function clusterFeatures(t: FeatureTable, cfg: DedupeConfig): Clusters {
  const steps = featureSteps(t, cfg);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function* featureSteps(t: FeatureTable, cfg: DedupeConfig): Generator<string, Clusters> {
  const n = t.size;
  const ambiguousNames = markAmbiguousNames(t);
  const scorer = compileScorer(cfg);
  const edges = new EdgeList();
  const linked = new UnionFind(n);
  const strong = strongLinks(t, cfg, scorer, edges, linked);
  yield "strong keys";
  let scoredLinks = 0;
  const vetoedLinks = strong.vetoed;
  const blockStats = forEachCandidate(t, cfg, (i, j) => {
    if (linked.find(i) === linked.find(j) || conflicting(t, i, j)) return;
    const w = scorer.score(t, i, j);
    if (w < cfg.match_threshold) return;
    edges.push(i, j, w, "probabilistic");
    scoredLinks++;
  });
  yield "scoring";
  const c = clusterEdges(n, edges, cfg.max_cluster_size);
  return {
    clusterOf: c.clusterOf,
    clusterCount: c.clusterCount,
    ruleOf: Array.from(c.ruleOf, (k) => MATCH_RULES[k]!),
    oversizedKeys: strong.oversizedKeys,
    splits: c.splits,
    stats: { ...blockStats, strongLinks: strong.links, scoredLinks, vetoedLinks, ambiguousNames },
  };
}
