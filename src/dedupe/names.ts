// Name-derived matching inputs: the match key (places the reference table misses stripped), its
// pinyin, the 字号 head, and the place a company name starts with. Pure.
import { pinyin } from "pinyin-pro";
import { regionCode } from "../clean/region.js";
import { latinKey, type Region, type RegionTable } from "../clean/region-table.js";

export const HAN = /\p{Script=Han}/u;

/** Code points in `s` without building an array (names are counted a million times per run). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** The first `count` code points of `s`. */
export function leadingCodePoints(s: string, count: number): string {
  let end = 0;
  for (let k = 0; k < count && end < s.length; k++) {
    const c = s.charCodeAt(end);
    end += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return s.slice(0, end);
}

const pinyinOf = new Map<string, string>();

// Places the vendored region table does not list still look like places: "株洲市…" at the start, or a
// bracketed "(遵义)" the clean stage kept in the key. Only stripped when three or more characters remain.
const LEADING_CITY = /^\p{Script=Han}{2,3}市(?!场)/u;
const BRACKETED = /\((\p{Script=Han}{2,3})市?\)/gu;
const NOT_PLACE = new Set(["集团", "中国", "控股", "股份"]);

/** The clean stage's name key without places it could not recognise. */
export function matchKey(name: string, nameKey: string): string {
  let key = nameKey;
  const lead = LEADING_CITY.exec(key);
  if (lead && codePointLength(key) - codePointLength(lead[0]) >= 3) key = key.slice(lead[0].length);
  if (name.includes("(")) {
    for (const m of name.matchAll(BRACKETED)) {
      const inner = m[1]!;
      const at = key.indexOf(inner);
      if (!NOT_PLACE.has(inner) && at > 0 && codePointLength(key) - codePointLength(inner) >= 3)
        key = key.slice(0, at) + key.slice(at + inner.length);
    }
  }
  return key;
}

/** Pinyin per character, cached: context-free readings keep a character's reading the same in every name. */
export function toPinyin(text: string): string {
  let out = "";
  for (const ch of text) {
    let py = pinyinOf.get(ch);
    if (py === undefined) {
      py = HAN.test(ch) ? pinyin(ch, { toneType: "none" }).replace(/[^a-z]/g, "") : ch;
      pinyinOf.set(ch, py);
    }
    out += py;
  }
  return out;
}

const COUNTRY = /^(?:中华人民共和国|中国)/u;
const LONGEST_REGION_NAME = 8; // 新疆维吾尔自治区
/**
 * The longest region name starting `text` at `from` (a Map lookup per length, not a scan of all names);
 * text whose first character starts no region name is ruled out with one lookup.
 */
function leadingRegion(
  text: string,
  from: number,
  regions: RegionTable,
): { region: Region; end: number } | null {
  if (!regions.prefixesByFirst.has(text.charAt(from))) return null;
  for (let len = Math.min(LONGEST_REGION_NAME, text.length - from); len >= 2; len--) {
    const region = regions.byName.get(text.slice(from, from + len));
    if (region) return { region, end: from + len };
  }
  return null;
}

/**
 * The place a company name starts with (广东省深圳市…, 深圳…, Shenzhen …) or holds in brackets
 * (…(深圳)…): a city when one is named inside the named province, else the province. `name` is the
 * clean stage's display form (NFKC, so brackets are half-width).
 */
export function namePlace(name: string, regions: RegionTable): string | null {
  if (HAN.test(name.charAt(0))) {
    const text = name.replace(COUNTRY, "");
    const first = leadingRegion(text, 0, regions);
    if (first) {
      if (first.region.level === "city") return first.region.code;
      const second = leadingRegion(text, first.end, regions);
      const inside = second?.region.provinceCode === first.region.code;
      return inside ? second!.region.code : first.region.code;
    }
  } else {
    const words = name
      .toLowerCase()
      .split(/[^a-z]+/, 3)
      .filter(Boolean);
    for (const n of [2, 1]) {
      if (words.length <= n) continue;
      const region = regions.byLatin.get(latinKey(words.slice(0, n).join("")));
      if (region) return region.code;
    }
  }
  const bracket = name.includes("(") ? /\(([^()]{2,12})\)/u.exec(name) : null;
  return bracket ? regionCode(bracket[1]!, regions) : null;
}

/** The first word of a latin name that is not a place ("Shenzhen Huaxin Electronic …" → huaxin). */
export function latinHead(name: string, regions: RegionTable): string {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let i = 0;
  while (i < words.length - 1) {
    if (regions.byLatin.has(latinKey(words[i]!))) i++;
    else if (i + 1 < words.length - 1 && regions.byLatin.has(latinKey(words[i]! + words[i + 1]!))) i += 2;
    else break;
  }
  return words[i] ?? "";
}
