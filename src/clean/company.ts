// Customer names: a display form, and a matching key for company names that ignores legal form,
// a leading place name and punctuation ("深圳市腾达科技有限公司" and "腾达科技" share the key 腾达科技).
// The key groups candidates for dedupe; it is not an identity (北京腾达科技 shares it too).
import { latinKey, prefixesOf, type RegionTable } from "./region-table.js";
import { normalizeText } from "./text.js";

// Longest first: the first that matches is the whole legal form (股份有限公司, not 公司 leaving 股份有限).
const ZH_SUFFIXES = [
  "集团股份有限公司",
  "集团有限责任公司",
  "股份有限公司",
  "有限责任公司",
  "集团有限公司",
  "有限公司",
  "集团公司",
  "总公司",
  "公司",
  "集团",
];
// Lower-case, at the end, after a separator: "co., ltd", "co.,ltd", "limited", "inc." …
const LATIN_SUFFIX =
  /(?:^|[\s.,&()-])(?:co\.?\s*,?\s*ltd|co\.?\s*,?\s*limited|company\s+limited|limited|ltd|inc|incorporated|corp|corporation|llc|plc|gmbh|company|co|group)\.?$/u;
const TRAILING_JUNK = /[\s\p{P}\p{S}]+$/u;
const NOT_KEY_CHAR = /[^\p{L}\p{M}\p{N}]/gu;
const NOT_PLACE = new Set(["中国", "china", "prc"]);
// 北京银行 and 上海银行 must not both become 银行: a place prefix goes only when ≥ 3 characters remain.
const MIN_REST_AFTER_PLACE = 3;

/** A name for display and storage: NFKC, invisible characters removed, single spaces. */
export function personOrCompanyDisplayName(name: string): string {
  return normalizeText(name);
}

/**
 * Matching key for a customer name: NFKC, lower-case latin, legal suffixes (有限公司, 股份有限公司,
 * 集团, Co., Ltd., Inc. …), a bracketed place ("(深圳)", "(中国)") and leading place names (广东省,
 * 深圳市, Shenzhen) removed, then only letters, marks and digits kept. Never throws.
 */
export function companyNameKey(name: string, regions: RegionTable): string {
  const text = normalizeText(name).toLowerCase();
  // Latin suffixes and place names need word boundaries, so they go before compacting.
  const latin = stripLatinPlace(stripLatinSuffixes(stripPlaceInBrackets(text, regions)), regions);
  let key = compact(latin);
  for (let before = ""; before !== key;) {
    before = key;
    key = stripZhPlace(stripZhSuffix(key), regions);
  }
  // Punctuation-only names keep their text, so they do not all share the empty key.
  return key === "" ? text : key;
}

/** Letters, marks and digits only; re-normalised because removing "@" from "z@\u0301" leaves z + accent. */
function compact(text: string): string {
  return text.replace(NOT_KEY_CHAR, "").normalize("NFKC");
}

function length(text: string): number {
  return [...text].length;
}

/** "腾达科技(深圳)有限公司" → "腾达科技有限公司": a bracketed place says where, not who. */
function stripPlaceInBrackets(text: string, regions: RegionTable): string {
  return text.replace(/\(([^()]*)\)/gu, (whole, inner: string) => {
    const zh = compact(inner);
    const isPlace = NOT_PLACE.has(zh) || regions.byName.has(zh) || regions.byLatin.has(latinKey(inner));
    return isPlace && zh !== "" ? " " : whole;
  });
}

function stripLatinSuffixes(text: string): string {
  for (let rest = text; ;) {
    const trimmed = rest.replace(TRAILING_JUNK, "");
    const match = LATIN_SUFFIX.exec(trimmed);
    if (!match || compact(trimmed.slice(0, match.index)) === "") return rest;
    rest = trimmed.slice(0, match.index);
  }
}

/** "shenzhen tengda technology" → "tengda technology" (one or two leading words naming a place). */
function stripLatinPlace(text: string, regions: RegionTable): string {
  const body = text.trimStart();
  const match = /^([a-z]+)(\s+[a-z]+)?/u.exec(body);
  if (!match) return text;
  for (const place of match[2] ? [match[0], match[1]] : [match[1]]) {
    if (place === undefined) continue;
    const rest = body.slice(place.length);
    if (
      /^\s/u.test(rest) &&
      regions.byLatin.has(latinKey(place)) &&
      length(compact(rest)) >= MIN_REST_AFTER_PLACE
    )
      return rest;
  }
  return text;
}

/** The longest legal suffix goes; a name that is only a legal form ("有限公司") stays as it is. */
function stripZhSuffix(key: string): string {
  const suffix = ZH_SUFFIXES.find((s) => key.endsWith(s));
  return suffix === undefined || suffix === key ? key : key.slice(0, -suffix.length);
}

function stripZhPlace(key: string, regions: RegionTable): string {
  for (const place of prefixesOf(key, regions)) {
    if (key.startsWith(place) && length(key) - length(place) >= MIN_REST_AFTER_PLACE)
      return key.slice(place.length);
  }
  return key;
}
