// Blocking: only records sharing a blocking key are compared, which keeps comparisons near-linear.
// Keys, each within one province: the match key; the 字号's pinyin with the industry's initial (catches
// homophones, shortened industry words and latin spellings); plus a fixed-line phone and a company email
// domain. A block larger than max_block_size is compared by sorted neighbourhood only. Pure.
import { domainOf, type FeatureTable, FREE_MAIL, LATIN, MOBILE, provinceOf } from "./features.js";
import { type Groups, groupByKey, key } from "./key-groups.js";
import type { DedupeConfig } from "./scoring.js";

export type BlockingKey = DedupeConfig["blocking"][number];

const LETTERS = [..."abcdefghijklmnopqrstuvwxyz", ""];

/** Calls `add` with the hash of each blocking key of record i. */
export function blockingKeys(
  t: FeatureTable,
  i: number,
  keys: readonly BlockingKey[],
  strong: ReadonlySet<string>,
  add: (hash: number) => void,
): void {
  const flags = t.flags[i]!;
  for (const k of keys) {
    switch (k) {
      case "name_key":
        if (t.nameLength[i]! >= 2)
          add(key.part("k").num(provinceOf(t.location[i]!)).part(t.nameKey[i]!).done());
        break;
      case "name_head": {
        // 字号 plus the industry's first letter keeps blocks small in a large province; a latin name's
        // industry is English, so it joins the 字号's block for every letter.
        const head = t.head[i]!;
        if (!head) break;
        const province = provinceOf(t.location[i]!);
        if ((flags & LATIN) === 0)
          add(key.part("h").num(province).part(head).part(letter(t.headNext[i]!)).done());
        else for (const l of LETTERS) add(key.part("h").num(province).part(head).part(l).done());
        break;
      }
      case "phone":
        // Mobiles that are strong keys are matched already.
        if (t.phone[i] && !((flags & MOBILE) !== 0 && strong.has("mobile")))
          add(key.part("p").part(t.phone[i]!).done());
        break;
      case "email_domain":
        if (t.domainAt[i]! > 0 && (flags & FREE_MAIL) === 0) add(key.part("d").part(domainOf(t, i)).done());
        break;
    }
  }
}

const letter = (code: number) => (code > 0 ? String.fromCharCode(code) : "");

export interface BlockStats {
  blocks: number;
  oversizedBlocks: number;
  largestBlock: number;
  candidatePairs: number;
}

/**
 * Calls `visit(i, j)` (i < j) once for each candidate pair: every pair of a normal block, each record
 * with the next `window` ones (by pinyin) in an oversized block. A pair sharing several normal blocks
 * is visited only in the first.
 */
export function forEachCandidate(
  t: FeatureTable,
  cfg: Pick<DedupeConfig, "blocking" | "strong_keys" | "max_block_size" | "window">,
  visit: (i: number, j: number) => void,
): BlockStats {
  const strong = new Set<string>(cfg.strong_keys);
  const n = t.size;
  const groups = groupByKey(n, (i, add) => blockingKeys(t, i, cfg.blocking, strong, add));
  const recStart = new Int32Array(n + 1);
  for (let k = 0; k < groups.members.length; k++) recStart[groups.members[k]! + 1]!++;
  for (let i = 0; i < n; i++) recStart[i + 1]! += recStart[i]!;
  // Each record's normal blocks, ascending (groups are visited in order).
  const recBlocks = new Int32Array(groups.members.length);
  const fill = recStart.slice(0, n);
  const size = (g: number) => groups.start[g + 1]! - groups.start[g]!;
  for (let g = 0; g < groups.count; g++) {
    if (size(g) > cfg.max_block_size) continue;
    for (let k = groups.start[g]!; k < groups.start[g + 1]!; k++) recBlocks[fill[groups.members[k]!]!++] = g;
  }
  const recEnd = fill;

  const sharesEarlier = (i: number, j: number, g: number) => {
    let x = recStart[i]!;
    let y = recStart[j]!;
    while (x < recEnd[i]! && y < recEnd[j]!) {
      const bx = recBlocks[x]!;
      const by = recBlocks[y]!;
      if (bx >= g || by >= g) return false;
      if (bx === by) return true;
      if (bx < by) x++;
      else y++;
    }
    return false;
  };

  const stats: BlockStats = { blocks: groups.count, oversizedBlocks: 0, largestBlock: 0, candidatePairs: 0 };
  for (let g = 0; g < groups.count; g++) {
    const from = groups.start[g]!;
    const to = groups.start[g + 1]!;
    stats.largestBlock = Math.max(stats.largestBlock, to - from);
    if (to - from <= cfg.max_block_size) {
      for (let x = from; x < to; x++) {
        const i = groups.members[x]!;
        for (let y = x + 1; y < to; y++) {
          const j = groups.members[y]!;
          if (sharesEarlier(i, j, g)) continue;
          stats.candidatePairs++;
          visit(i, j);
        }
      }
    } else {
      stats.oversizedBlocks++;
      stats.candidatePairs += sortedNeighbourhood(t, groups, g, cfg.window, visit);
    }
  }
  return stats;
}

function sortedNeighbourhood(
  t: FeatureTable,
  groups: Groups,
  g: number,
  window: number,
  visit: (i: number, j: number) => void,
): number {
  const members = Array.from(groups.members.subarray(groups.start[g]!, groups.start[g + 1]!));
  members.sort((x, y) => {
    const px = t.pinyin[x]!;
    const py = t.pinyin[y]!;
    return px < py ? -1 : px > py ? 1 : x - y;
  });
  let pairs = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y <= x + window && y < members.length; y++) {
      const i = members[x]!;
      const j = members[y]!;
      visit(Math.min(i, j), Math.max(i, j));
      pairs++;
    }
  }
  return pairs;
}
