// Deterministic matching: records sharing a strong key (valid credit code, mobile, email, or the
// same normalised name within a region) are one customer. Keys shared by too many records are
// ignored (placeholders like a switchboard number), so no giant cluster forms. Pure.
import { provinceCode } from "../clean/region.js";
import { UnionFind } from "./union-find.js";

/** Chinese mobile numbers in E.164 (+86 1[3-9]x…); +8610… is a Beijing landline. */
const MOBILE = /^\+861[3-9]\d{9}$/;

export interface MatchRecord {
  source: string;
  source_key: string;
  name: string;
  name_key: string;
  phone_e164: string | null;
  email: string | null;
  region_code: string | null;
  credit_code: string | null;
  updated_at: string | null;
  created_at: string | null;
}

export function matchKeys(r: MatchRecord): { key: string; rule: string }[] {
  const keys: { key: string; rule: string }[] = [];
  if (r.credit_code) keys.push({ key: `credit:${r.credit_code}`, rule: "credit_code" });
  if (r.phone_e164 && MOBILE.test(r.phone_e164)) keys.push({ key: `mobile:${r.phone_e164}`, rule: "mobile" });
  if (r.email) keys.push({ key: `email:${r.email}`, rule: "email" });
  // A short name alone is weak evidence: only names of four or more characters, and only within a
  // province (sources differ in precision: 440000 vs 440300).
  if (r.region_code && [...r.name_key].length >= 4)
    keys.push({ key: `name:${provinceCode(r.region_code)}:${r.name_key}`, rule: "name_region" });
  return keys;
}

export interface Clusters {
  /** Cluster index per record. */
  clusterOf: Int32Array;
  /** The rule that first linked each record into its cluster ('single' when alone). */
  ruleOf: string[];
  clusterCount: number;
  /** Keys skipped because too many records shared them. */
  oversizedKeys: { key: string; records: number }[];
}

export function clusterRecords(records: readonly MatchRecord[], maxClusterSize: number): Clusters {
  const byKey = new Map<string, number[]>();
  const ruleOfKey = new Map<string, string>();
  records.forEach((r, i) => {
    for (const { key, rule } of matchKeys(r)) {
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(i);
      ruleOfKey.set(key, rule);
    }
  });
  const uf = new UnionFind(records.length);
  const ruleOf = new Array<string>(records.length).fill("single");
  const oversizedKeys: Clusters["oversizedKeys"] = [];
  for (const [key, members] of byKey) {
    if (members.length < 2) continue;
    if (members.length > maxClusterSize) {
      oversizedKeys.push({ key: key.split(":")[0]!, records: members.length });
      continue;
    }
    const rule = ruleOfKey.get(key)!;
    for (const m of members) if (ruleOf[m] === "single") ruleOf[m] = rule;
    for (let j = 1; j < members.length; j++) uf.union(members[0]!, members[j]!);
  }
  const index = new Map<number, number>();
  const clusterOf = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const root = uf.find(i);
    let c = index.get(root);
    if (c === undefined) index.set(root, (c = index.size));
    clusterOf[i] = c;
  }
  return { clusterOf, ruleOf, clusterCount: index.size, oversizedKeys };
}
