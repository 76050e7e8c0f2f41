// Survivorship (one golden record per cluster) and stable customer ids across runs. Pure.
import { createHash } from "node:crypto";
import type { MatchRecord } from "./features.js";

export interface Golden {
  name: string;
  phone_e164: string | null;
  email: string | null;
  region_code: string | null;
  credit_code: string | null;
  first_seen_at: string | null;
}

/** Source priority first (earlier in the list wins), then the most recently updated non-null value. */
export function goldenRecord(members: readonly MatchRecord[], sourcePriority: readonly string[]): Golden {
  const rank = (s: string) => {
    const i = sourcePriority.indexOf(s);
    return i < 0 ? sourcePriority.length : i;
  };
  const ordered = [...members].sort(
    (a, b) =>
      rank(a.source) - rank(b.source) ||
      (b.updated_at ?? "").localeCompare(a.updated_at ?? "") ||
      a.source_key.localeCompare(b.source_key),
  );
  const pick = <K extends keyof MatchRecord>(k: K) =>
    ordered.find((m) => m[k] !== null && m[k] !== "")?.[k] ?? null;
  const created = members
    .map((m) => m.created_at)
    .filter((x): x is string => !!x)
    .sort();
  return {
    name: pick("name") as string,
    phone_e164: pick("phone_e164"),
    email: pick("email"),
    region_code: pick("region_code"),
    credit_code: pick("credit_code"),
    first_seen_at: created[0] ?? null,
  };
}

/** A new customer's id derives from its first source row, so recomputing from scratch gives the same id. */
export function newCustomerId(members: readonly MatchRecord[]): string {
  return customerIdOf(smallestKey(members));
}

function customerIdOf(seed: string): string {
  return `C${createHash("sha256").update(seed).digest("hex").slice(0, 12).toUpperCase()}`;
}

/** One cluster as the id assignment sees it: its members' keys and the ids they had in earlier runs. */
export interface ClusterIdentity {
  members: readonly MatchRecord[];
  previousIds: readonly (string | null)[];
}

export interface IdAssignment {
  /** customer_id per cluster (same order). */
  ids: string[];
  /** Earlier customers found to be one: each merged id with the id that survives. */
  merges: { merged: string; survivor: string }[];
  /** Clusters that broke away from an earlier customer and got a new id. */
  splits: number;
}

const memberKey = (m: MatchRecord) => `${m.source}\u0000${m.source_key}`;

function smallestKey(members: readonly MatchRecord[]): string {
  let min = memberKey(members[0]!);
  for (let k = 1; k < members.length; k++) {
    const key = memberKey(members[k]!);
    if (key < min) min = key;
  }
  return min;
}

/**
 * Stable ids across runs. An earlier id belongs to the cluster holding most of its rows (ties: the
 * cluster with the smallest source row). A cluster owning several earlier ids keeps the one with most
 * rows (ties: the smallest) and records the others as merged into it; a cluster owning none gets a new id
 * derived from its smallest source row, so a rerun from scratch gives the same ids. Order-independent.
 */
export function assignIds(clusters: readonly ClusterIdentity[]): IdAssignment {
  const firstKey = clusters.map((c) => smallestKey(c.members));
  // Most clusters of a run are singletons with one earlier id or none: no Map for those without.
  const NONE = new Map<string, number>();
  const counts = clusters.map((c) => {
    if (!c.previousIds.some((id) => id)) return NONE;
    const m = new Map<string, number>();
    for (const id of c.previousIds) if (id) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  });
  const owner = new Map<string, number>();
  counts.forEach((m, c) => {
    for (const [id, n] of m) {
      const o = owner.get(id);
      const better =
        o === undefined ||
        n > counts[o]!.get(id)! ||
        (n === counts[o]!.get(id)! && firstKey[c]! < firstKey[o]!);
      if (better) owner.set(id, c);
    }
  });
  const ids: (string | undefined)[] = new Array(clusters.length);
  const merges: IdAssignment["merges"] = [];
  let splits = 0;
  counts.forEach((m, c) => {
    if (m.size === 0) return;
    const owned = [...m.keys()]
      .filter((id) => owner.get(id) === c)
      .sort((x, y) => m.get(y)! - m.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
    if (owned.length === 0) {
      if (m.size > 0) splits++;
      return;
    }
    ids[c] = owned[0]!;
    for (const merged of owned.slice(1)) merges.push({ merged, survivor: owned[0]! });
  });
  // New ids, in order of each cluster's smallest row; a taken id (an earlier customer this cluster split
  // from) is re-derived with a counter.
  const taken = new Set<string>(owner.keys());
  const fresh = clusters.map((_c, i) => i).filter((c) => ids[c] === undefined);
  fresh.sort((x, y) => (firstKey[x]! < firstKey[y]! ? -1 : 1));
  for (const c of fresh) {
    let id = customerIdOf(firstKey[c]!);
    for (let k = 1; taken.has(id); k++) id = customerIdOf(`${firstKey[c]!}\u0000${k}`);
    taken.add(id);
    ids[c] = id;
  }
  merges.sort((x, y) => (x.merged < y.merged ? -1 : 1));
  return { ids: ids as string[], merges, splits };
}
