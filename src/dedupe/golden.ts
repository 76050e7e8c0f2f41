// Survivorship and stable ids for one cluster. Pure.
import { createHash } from "node:crypto";
import type { MatchRecord } from "./match.js";

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
  const first = members.map((m) => `${m.source}\u0000${m.source_key}`).sort()[0]!;
  return `C${createHash("sha256").update(first).digest("hex").slice(0, 12).toUpperCase()}`;
}

/**
 * Chooses the cluster's id from the ids its rows had in earlier runs: none → a new id; several → the
 * smallest survives and the others are recorded as merged into it.
 */
export function resolveId(
  members: readonly MatchRecord[],
  previousIds: readonly (string | undefined)[],
): { id: string; merged: string[] } {
  const known = [...new Set(previousIds.filter((x): x is string => !!x))].sort();
  if (known.length === 0) return { id: newCustomerId(members), merged: [] };
  return { id: known[0]!, merged: known.slice(1) };
}
