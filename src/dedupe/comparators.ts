// Field comparators: each gives a similarity in [0, 1] for records i and j of a feature table, or null
// when either side is missing (no evidence either way). The scorer turns similarities into
// Fellegi–Sunter levels. Pure.
import {
  AMBIGUOUS,
  CITY,
  type FeatureTable,
  FREE_MAIL,
  isCityLevel,
  LATIN,
  MOBILE,
  sameDomain,
} from "./features.js";
import { jaroWinkler } from "./jaro-winkler.js";

export type Similarity = number | null;

export interface NameOptions {
  /** Keys shorter than this many characters are weak evidence: their similarity is capped. */
  shortLength: number;
  shortCap: number;
}

/** Pinyin agreement ranks below the same characters: 华信 and 华鑫 sound alike but are written apart. */
const PINYIN_FACTOR = 0.95;
/** A homophone typo changes one character, which keeps the characters' similarity above this. */
const PINYIN_FROM = 0.7;
/**
 * The same key carried by companies of different cities of one province: without the same city the
 * agreement counts no more than a close spelling (within one registration area a name is unique).
 */
const AMBIGUOUS_NAME = 0.93;
/**
 * One key the other's start (华信电子科技 → 华信电子: an industry word shortened or dropped): ranks between
 * a homophone and the same key. The shorter key must have at least four characters.
 */
const PREFIX = 0.96;
const PREFIX_MIN_LENGTH = 4;
/** A latin name against a Chinese one: only the 字号 can be compared, so agreement is weaker. */
const CROSS_SCRIPT_FACTOR = 0.9;

/**
 * Names: Jaro–Winkler on the match keys (legal form and place already stripped), or on their pinyin
 * when that is higher (homophone typos); a latin name against a Chinese one compares the Chinese 字号's
 * pinyin with the latin name's first word. Short keys are capped: two-character names collide often.
 */
export function compareNames(t: FeatureTable, i: number, j: number, opts: NameOptions): Similarity {
  const a = t.nameKey[i]!;
  const b = t.nameKey[j]!;
  if (a === "" || b === "") return null;
  const fa = t.flags[i]!;
  const fb = t.flags[j]!;
  let s: number;
  if ((fa & LATIN) !== (fb & LATIN)) s = CROSS_SCRIPT_FACTOR * jaroWinkler(t.head[i]!, t.head[j]!);
  else if (a === b) {
    const sameCity = (fa & CITY) !== 0 && t.location[i] === t.location[j];
    s = ((fa | fb) & AMBIGUOUS) !== 0 && !sameCity ? AMBIGUOUS_NAME : 1;
  } else if (
    Math.min(t.nameLength[i]!, t.nameLength[j]!) >= PREFIX_MIN_LENGTH &&
    (a.startsWith(b) || b.startsWith(a))
  ) {
    s = PREFIX;
  } else {
    s = jaroWinkler(a, b);
    if ((fa & LATIN) === 0 && s >= PINYIN_FROM) {
      const pa = t.pinyin[i]!;
      const pb = t.pinyin[j]!;
      s = Math.max(s, PINYIN_FACTOR * (pa === pb ? 1 : jaroWinkler(pa, pb)));
    }
  }
  if (Math.min(t.nameLength[i]!, t.nameLength[j]!) < opts.shortLength) s = Math.min(s, opts.shortCap);
  return s;
}

export function compareExact(a: string | number | null, b: string | number | null): Similarity {
  if (a === null || b === null || a === 0 || b === 0) return null;
  return a === b ? 1 : 0;
}

export function compareJaroWinkler(a: string | null, b: string | null): Similarity {
  if (a === null || b === null) return null;
  return jaroWinkler(a, b);
}

/**
 * Phones (E.164): the same mobile 1; the same fixed line 0.9 (a switchboard may serve several firms);
 * fixed lines equal but for the last two digits 0.5 (one exchange block); a mobile against a fixed line
 * 0.3 (a firm has both: no evidence); two different mobiles or two unrelated fixed lines 0.
 */
export function comparePhones(t: FeatureTable, i: number, j: number): Similarity {
  const a = t.phone[i];
  const b = t.phone[j];
  if (!a || !b) return null;
  const mobile = t.flags[i]! & MOBILE;
  if (a === b) return mobile ? 1 : 0.9;
  if (mobile !== (t.flags[j]! & MOBILE)) return 0.3;
  const n = a.length;
  if (!mobile && n === b.length && n > 8 && a.startsWith(b.slice(0, n - 2))) return 0.5;
  return 0;
}

/**
 * Emails: the same address 1; the same company domain 0.7 (a colleague); a free-mail address against a
 * company one 0.3 (no evidence); two different company domains or two different free-mail addresses 0.
 */
export function compareEmails(t: FeatureTable, i: number, j: number): Similarity {
  const a = t.email[i];
  const b = t.email[j];
  if (!a || !b) return null;
  if (a === b) return 1;
  const free = t.flags[i]! & FREE_MAIL;
  if (free !== (t.flags[j]! & FREE_MAIL)) return 0.3;
  if (!free && sameDomain(t, i, j)) return 0.7;
  return 0;
}

/**
 * GB/T 2260 codes (numbers, 0 unknown): the same city (a municipality counts as one) 1; the same
 * province with at most one side naming a city, or neither, 0.8 (compatible, less precise); two
 * different cities of one province 0.2 (a conflict); different provinces 0.
 */
export function compareRegions(a: number, b: number): Similarity {
  if (a === 0 || b === 0) return null;
  if (a === b) return isCityLevel(a) ? 1 : 0.8;
  if (Math.floor(a / 10000) !== Math.floor(b / 10000)) return 0;
  return a % 10000 === 0 || b % 10000 === 0 ? 0.8 : 0.2;
}
