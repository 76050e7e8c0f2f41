// Customer names: a display form, and a matching key for company names that ignores legal form,
// a leading place name and punctuation ("深圳市腾达科技有限公司" and "腾达科技" share the key 腾达科技).
// The key groups candidates for dedupe; it is not an identity (北京腾达科技 shares it too).
import { latinKey, type RegionTable } from "./region-table.js";
import { normalizeText } from "./text.js";

// Longest first, so that 股份有限公司 goes as a whole rather than leaving 股份.
const ZH_SUFFIXES = [
  "集团股份有限公司",
  "集团有限责任公司",
  "股份有限公司",
  "有限责任公司",
  "集团有限公司",
  "有限公司",
  "集团公司",
  "(集团)",
  "总公司",
  "公司",
  "集团",
];
// Matched on lower-case text after NFKC, at the end, after a space or punctuation.
const LATIN_SUFFIX =
  /(?:^|[\s.,&()-])(?:co\.?\s*,?\s*ltd|co\.?\s*,?\s*limited|company\s+limited|limited|ltd|inc|incorporated|corp|corporation|llc|plc|gmbh|company|co|group)\.?$/u;
const TRAILING_JUNK = /[\s\p{P}\p{S}]+$/u;
const LEADING_JUNK = /^[\s\p{P}\p{S}]+/u;
const NOT_KEY_CHAR = /[^\p{L}\p{M}\p{N}]/gu;
const MIN_REST_AFTER_PLACE = 2;

/** A name for display and storage: NFKC, invisible characters removed, single spaces. */
export function personOrCompanyDisplayName(name: string): string {
  return normalizeText(name);
}

/**
 * Matching key for a customer name: NFKC, lower-case latin, legal suffixes (有限公司, 股份有限公司,
 * 集团, Co., Ltd., Inc. …) and leading place names (广东省, 深圳市, "(深圳)", Shenzhen) removed, then
 * only letters and digits kept. Falls back to the plain compacted name when stripping would leave
 * nothing. Never throws.
 */
export function companyNameKey(name: string, regions: RegionTable): string {
  const text = normalizeText(name).toLowerCase();
  const plain = compact(text);
  let rest = stripPlaceInBrackets(text, regions);
  for (let changed = true; changed; ) {
    const before = rest;
    rest = stripSuffix(rest);
    rest = stripPlacePrefix(rest, regions);
    changed = rest !== before;
  }
  const key = compact(rest);
  return key === "" ? plain : key;
}

function compact(text: string): string {
  return text.replace(NOT_KEY_CHAR, "");
}

function stripSuffix(text: string): string {
  const trimmed = text.replace(TRAILING_JUNK, (junk) => (junk.startsWith(")") ? ")" : ""));
  for (const suffix of ZH_SUFFIXES) {
    if (trimmed.endsWith(suffix) && compact(trimmed.slice(0, -suffix.length)) !== "")
      return trimmed.slice(0, -suffix.length);
  }
  const latin = LATIN_SUFFIX.exec(trimmed);
  if (latin && compact(trimmed.slice(0, latin.index)) !== "") return trimmed.slice(0, latin.index);
  return trimmed.replace(TRAILING_JUNK, "");
}

/** "腾达科技(深圳)有限公司" → "腾达科技有限公司": a bracketed place name says where, not who. */
function stripPlaceInBrackets(text: string, regions: RegionTable): string {
  return text.replace(/\(([^()]*)\)/gu, (whole, inner: string) => (isPlace(inner, regions) ? "" : whole));
}

function isPlace(text: string, regions: RegionTable): boolean {
  const zh = compact(text);
  return regions.byName.has(zh) || (/^[a-z\s]+$/u.test(text) && regions.byLatin.has(latinKey(text)));
}

function stripPlacePrefix(text: string, regions: RegionTable): string {
  const body = text.replace(LEADING_JUNK, "");
  for (const place of regions.prefixes) {
    if (body.startsWith(place) && [...compact(body.slice(place.length))].length >= MIN_REST_AFTER_PLACE)
      return body.slice(place.length);
  }
  // Latin: "shenzhen tengda technology" — one or two leading words naming a place.
  const words = /^([a-z]+)(?:\s+([a-z]+))?\s+/u.exec(body);
  for (const prefix of words ? [`${words[1]} ${words[2] ?? ""}`.trim(), words[1] ?? ""] : []) {
    const rest = body.slice(prefix.length);
    if (prefix !== "" && regions.byLatin.has(latinKey(prefix)) && /^\s/u.test(rest) && compact(rest).length >= MIN_REST_AFTER_PLACE)
      return rest.trimStart();
  }
  return body;
}
