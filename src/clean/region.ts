// Province and city names, aliases and codes → GB/T 2260 code, using the vendored region table.
// The result is the most specific code the table knows: a listed city (440300 深圳市) when the
// text names one consistent with any province it names, else the province (440000 广东省).
import { latinKey, prefixesOf, type Region, type RegionTable } from "./region-table.js";
import { normalizeText } from "./text.js";

const COUNTRY_PREFIX = /^(?:中华人民共和国|中国)/u;
const DIVISION_SUFFIX = /(?:省|市|自治区|特别行政区|特区|地区)$/u;
const MAX_LATIN_WORDS = 3;

/** The province's code for any 6-digit code (440305 → 440000). */
export function provinceCode(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** GB/T 2260 code for a region name, alias, address prefix or code; null when unknown. Never throws. */
export function regionCode(input: string, table: RegionTable): string | null {
  const text = normalizeText(input);
  if (text === "") return null;
  if (/^\d{6}$/.test(text)) return fromCode(text, table);
  const compact = text.replace(/[\s\p{P}\p{S}]/gu, "").replace(COUNTRY_PREFIX, "");
  return (fromChinese(compact, table) ?? fromLatin(text, table))?.code ?? null;
}

/** A code in the table, or the closest listed ancestor of an unlisted one (440305 → 440300). */
function fromCode(code: string, table: RegionTable): string | null {
  for (const candidate of [code, `${code.slice(0, 4)}00`, provinceCode(code)]) {
    if (table.byCode.has(candidate)) return candidate;
  }
  return null;
}

function fromChinese(text: string, table: RegionTable): Region | null {
  const exact = table.byName.get(text) ?? table.byName.get(text.replace(DIVISION_SUFFIX, ""));
  if (exact) return exact;
  // An address: "广东省深圳市南山区…", "深圳市南山区…", "广东深圳".
  const first = longestPrefix(text, table);
  if (!first) return null;
  if (first.region.level === "city") return first.region;
  const second = longestPrefix(text.slice(first.length), table);
  return second && second.region.provinceCode === first.region.code ? second.region : first.region;
}

function longestPrefix(text: string, table: RegionTable): { region: Region; length: number } | null {
  for (const name of prefixesOf(text, table)) {
    if (text.startsWith(name)) return { region: table.byName.get(name)!, length: name.length };
  }
  return null;
}

/** "Guangdong", "guangdong sheng", "Shenzhen, Guangdong", "Hong Kong SAR": every run of up to three words is tried. */
function fromLatin(text: string, table: RegionTable): Region | null {
  const words = text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== "");
  const found: Region[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(MAX_LATIN_WORDS, words.length - i); n >= 1; n--) {
      const region = table.byLatin.get(latinKey(words.slice(i, i + n).join("")));
      if (region) {
        found.push(region);
        i += n - 1;
        break;
      }
    }
  }
  const provinces = found.filter((r) => r.level === "province");
  const city = found.find(
    (r) => r.level === "city" && (provinces.length === 0 || provinces.some((p) => p.code === r.provinceCode)),
  );
  return city ?? provinces[0] ?? null;
}
