// Survivorship (one golden record per cluster) and stable customer ids across runs. Pure.
import { createHash } from "node:crypto";
import { columnsOf, type CustomerColumns } from "./customer-columns.js";
import type { MatchRecord } from "./features.js";

export interface Golden {
  name: string;
  phone_e164: string | null;
  email: string | null;
  region_code: string | null;
  credit_code: string | null;
  first_seen_at: string | null;
}

/**
 * Survivorship over members of `cols` (indices): per field, the member it comes from (-1: none has a
 * value). Source priority first (earlier in the list wins), then the most recently updated non-null value,
 * then the smallest source key; first_seen_at is the earliest creation across members.
 */
export function survivors(
  cols: CustomerColumns,
  members: ArrayLike<number>,
  rankOf: (source: string) => number,
): { [K in GoldenField | "first_seen_at"]: number } {
  let first = -1;
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!;
    const c = cols.createdAt[i]!;
    if (!Number.isNaN(c) && (first < 0 || c < cols.createdAt[first]!)) first = i;
  }
  // One member (most clusters): it is every field's source, no order to find.
  const ordered = members.length === 1 ? [members[0]!] : byPriority(cols, members, rankOf);
  return {
    name: pick(ordered, cols.name),
    phone_e164: pick(ordered, cols.phone_e164),
    email: pick(ordered, cols.email),
    region_code: pick(ordered, cols.region_code),
    credit_code: pick(ordered, cols.credit_code),
    first_seen_at: first,
  };
}

/**
 * Members best first: source priority, then the most recently updated (NaN, no updated_at, orders last,
 * as "" did among the timestamps' text), then the smallest source key.
 */
function byPriority(
  cols: CustomerColumns,
  members: ArrayLike<number>,
  rankOf: (source: string) => number,
): number[] {
  const updated = (i: number) => (Number.isNaN(cols.updatedAt[i]!) ? -Infinity : cols.updatedAt[i]!);
  return Array.from(members).sort(
    (a, b) =>
      rankOf(cols.source[a]!) - rankOf(cols.source[b]!) ||
      (updated(a) > updated(b) ? -1 : updated(a) < updated(b) ? 1 : 0) ||
      cols.source_key[a]!.localeCompare(cols.source_key[b]!),
  );
}

/** The first member, in `ordered`, with a value in the column; -1 when none has one. Module-level:
 * survivors runs once per cluster (a million at L), and a closure per call cost more than the search. */
function pick(ordered: readonly number[], column: readonly (string | null)[]): number {
  for (const i of ordered) if (column[i] !== null && column[i] !== "") return i;
  return -1;
}

type GoldenField = "name" | "phone_e164" | "email" | "region_code" | "credit_code";

/** A source's place in the priority list (unlisted sources rank last), looked up once per source. */
export function sourceRank(sourcePriority: readonly string[]): (source: string) => number {
  const ranks = new Map<string, number>();
  return (s) => {
    let r = ranks.get(s);
    if (r === undefined) {
      const i = sourcePriority.indexOf(s);
      ranks.set(s, (r = i < 0 ? sourcePriority.length : i));
    }
    return r;
  };
}

/** Source priority first (earlier in the list wins), then the most recently updated non-null value. */
export function goldenRecord(members: readonly MatchRecord[], sourcePriority: readonly string[]): Golden {
  const cols = columnsOf(members);
  const from = survivors(
    cols,
    Array.from(members, (_m, i) => i),
    sourceRank(sourcePriority),
  );
  const value = <K extends GoldenField>(k: K) => (from[k] < 0 ? null : members[from[k]]![k]);
  return {
    name: value("name") as string,
    phone_e164: value("phone_e164"),
    email: value("email"),
    region_code: value("region_code"),
    credit_code: value("credit_code"),
    first_seen_at: from.first_seen_at < 0 ? null : members[from.first_seen_at]!.created_at,
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

/** Clusters as CSR over record indices: cluster c is members[start[c] .. start[c+1]), ascending. */
export interface ClusterMembers {
  count: number;
  start: Int32Array;
  members: Int32Array;
}

/** Clusters from a cluster index per record (counting sort: members stay in record order). */
export function clusterMembers(clusterOf: Int32Array, count: number): ClusterMembers {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < clusterOf.length; i++) start[clusterOf[i]! + 1]!++;
  for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, count);
  const members = new Int32Array(clusterOf.length);
  for (let i = 0; i < clusterOf.length; i++) members[fill[clusterOf[i]!]!++] = i;
  return { count, start, members };
}

/** Object form of assignClusterIds, one entry per cluster. */
export function assignIds(clusters: readonly ClusterIdentity[]): IdAssignment {
  const records = clusters.flatMap((c) => c.members);
  const cols = columnsOf(
    records,
    clusters.flatMap((c) => c.previousIds),
  );
  const start = new Int32Array(clusters.length + 1);
  clusters.forEach((c, k) => (start[k + 1] = start[k]! + c.members.length));
  return assignClusterIds(cols, {
    count: clusters.length,
    start,
    members: Int32Array.from(records, (_r, i) => i),
  });
}

/**
 * Stable ids across runs. An earlier id belongs to the cluster holding most of its rows (ties: the
 * cluster with the smallest source row). A cluster owning several earlier ids keeps the one with most
 * rows (ties: the smallest) and records the others as merged into it; a cluster owning none gets a new id
 * derived from its smallest source row, so a rerun from scratch gives the same ids. Order-independent.
 */
export function assignClusterIds(cols: CustomerColumns, clusters: ClusterMembers): IdAssignment {
  const { count, start, members } = clusters;
  const { source, source_key: sourceKey, previous_id: previous } = cols;
  // (source, source_key) in the order of their "source\0source_key" text, without building it.
  const before = (i: number, j: number) =>
    source[i] !== source[j] ? source[i]! < source[j]! : sourceKey[i]! < sourceKey[j]!;
  const firstRec = new Int32Array(count);
  // Nearly every cluster has one earlier id (or none) on all its members: a Map only for the others.
  const single: (string | null)[] = new Array<string | null>(count).fill(null);
  const singleCount = new Int32Array(count);
  const mixed = new Map<number, Map<string, number>>();
  for (let c = 0; c < count; c++) {
    let first = members[start[c]!]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const i = members[k]!;
      if (before(i, first)) first = i;
      const id = previous[i];
      if (!id) continue;
      const m = mixed.get(c);
      if (m) m.set(id, (m.get(id) ?? 0) + 1);
      else if (single[c] === null || single[c] === id) {
        single[c] = id;
        singleCount[c]!++;
      } else
        mixed.set(
          c,
          new Map([
            [single[c]!, singleCount[c]!],
            [id, 1],
          ]),
        );
    }
    firstRec[c] = first;
  }
  const countIn = (c: number, id: string) =>
    mixed.get(c)?.get(id) ?? (single[c] === id ? singleCount[c]! : 0);
  const earlierIds = (c: number): Iterable<string> => mixed.get(c)?.keys() ?? (single[c] ? [single[c]!] : []);

  const owner = new Map<string, number>();
  for (let c = 0; c < count; c++)
    for (const id of earlierIds(c)) {
      const o = owner.get(id);
      const n = countIn(c, id);
      if (
        o === undefined ||
        n > countIn(o, id) ||
        (n === countIn(o, id) && before(firstRec[c]!, firstRec[o]!))
      )
        owner.set(id, c);
    }
  const ids = new Array<string | undefined>(count);
  const merges: IdAssignment["merges"] = [];
  let splits = 0;
  for (let c = 0; c < count; c++) {
    const m = mixed.get(c);
    if (!m) {
      if (single[c] === null) continue;
      if (owner.get(single[c]!) === c) ids[c] = single[c]!;
      else splits++;
      continue;
    }
    const owned = [...m.keys()]
      .filter((id) => owner.get(id) === c)
      .sort((x, y) => m.get(y)! - m.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
    if (owned.length === 0) {
      splits++;
      continue;
    }
    ids[c] = owned[0]!;
    for (const merged of owned.slice(1)) merges.push({ merged, survivor: owned[0]! });
  }
  // New ids, in order of each cluster's smallest row; a taken id (an earlier customer this cluster split
  // from, or one derived already) is re-derived with a counter. The owner map doubles as the taken set.
  const fresh: number[] = [];
  for (let c = 0; c < count; c++) if (ids[c] === undefined) fresh.push(c);
  fresh.sort((x, y) => (before(firstRec[x]!, firstRec[y]!) ? -1 : 1));
  const taken = owner;
  for (const c of fresh) {
    const seed = `${source[firstRec[c]!]!}\u0000${sourceKey[firstRec[c]!]!}`;
    let id = customerIdOf(seed);
    for (let k = 1; taken.has(id); k++) id = customerIdOf(`${seed}\u0000${k}`);
    taken.set(id, c);
    ids[c] = id;
  }
  merges.sort((x, y) => (x.merged < y.merged ? -1 : 1));
  return { ids: ids as string[], merges, splits };
}
