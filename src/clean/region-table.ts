// Builds the in-memory region table from the vendored GB/T 2260 CSVs (config/reference/). Pure: it
// takes the files' text; reference.ts reads them.
import { ConfigError } from "../errors.js";

export interface Region {
  /** 6-digit GB/T 2260 code. */
  code: string;
  name: string;
  level: "province" | "city";
  /** The province's code; equal to `code` for a province. */
  provinceCode: string;
}

export interface RegionTable {
  byCode: ReadonlyMap<string, Region>;
  /** Chinese names, short names, one-character abbreviations and aliases. */
  byName: ReadonlyMap<string, Region>;
  /** English/pinyin names as lower-case letters only ("hongkong", "xian"). */
  byLatin: ReadonlyMap<string, Region>;
  /** Chinese names of two or more characters, longest first: what may start an address or company name. */
  prefixes: readonly string[];
  /** `prefixes` by their first UTF-16 unit, each list longest first: only these can start a text. */
  prefixesByFirst: ReadonlyMap<string, readonly string[]>;
}

/** The prefixes that may start `text`, longest first (those whose first unit is the text's). */
export function prefixesOf(text: string, table: RegionTable): readonly string[] {
  return table.prefixesByFirst.get(text.charAt(0)) ?? [];
}

export interface CsvFile {
  /** Shown in error messages. */
  path: string;
  text: string;
}

const PROVINCE_HEADER = "code,name,short_name,abbreviations,english,aliases";
const CITY_HEADER = "code,province_code,name,short_name,english";

/** Lower-case latin letters only: the key for English/pinyin names. */
export function latinKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, "");
}

export function buildRegionTable(provinces: CsvFile, cities: CsvFile): RegionTable {
  const byCode = new Map<string, Region>();
  const byName = new Map<string, Region>();
  const byLatin = new Map<string, Region>();

  const add = (map: Map<string, Region>, key: string, region: Region, where: string) => {
    if (key === "") return;
    const other = map.get(key);
    if (other && other !== region)
      throw new ConfigError(
        `${where}: expected "${key}" to name one region, but it also names ${other.code} ${other.name}`,
      );
    map.set(key, region);
  };
  const addRegion = (region: Region, where: string) => {
    if (byCode.has(region.code)) throw new ConfigError(`${where}: duplicate code ${region.code}`);
    byCode.set(region.code, region);
  };

  for (const { fields, where } of rows(provinces, PROVINCE_HEADER)) {
    const [code, name, short, abbreviations, english, aliases] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^\d{2}0000$/.test(code))
      throw new ConfigError(`${where}: expected a province code like 440000, got "${code}"`);
    const region: Region = { code, name, level: "province", provinceCode: code };
    addRegion(region, where);
    for (const n of [name, short, ...list(abbreviations), ...list(aliases)]) add(byName, n, region, where);
    for (const e of list(english)) add(byLatin, latinKey(e), region, where);
  }
  for (const { fields, where } of rows(cities, CITY_HEADER)) {
    const [code, provinceCode, name, short, english] = fields as [string, string, string, string, string];
    if (!/^\d{4}00$/.test(code) || code.endsWith("0000"))
      throw new ConfigError(`${where}: expected a city code like 440300, got "${code}"`);
    if (byCode.get(provinceCode)?.level !== "province" || code.slice(0, 2) !== provinceCode.slice(0, 2))
      throw new ConfigError(
        `${where}: expected province ${provinceCode} to be listed and to contain ${code}`,
      );
    const region: Region = { code, name, level: "city", provinceCode };
    addRegion(region, where);
    for (const n of [name, short]) add(byName, n, region, where);
    for (const e of list(english)) add(byLatin, latinKey(e), region, where);
  }
  const prefixes = [...byName.keys()]
    .filter((k) => [...k].length >= 2)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const prefixesByFirst = new Map<string, string[]>();
  for (const p of prefixes) {
    const same = prefixesByFirst.get(p.charAt(0));
    if (same) same.push(p);
    else prefixesByFirst.set(p.charAt(0), [p]);
  }
  return { byCode, byName, byLatin, prefixes, prefixesByFirst };
}

function list(field: string): string[] {
  return field === "" ? [] : field.split("|").map((s) => s.trim());
}

/** Data lines of a comment-headed CSV without quoting, each with exactly the header's number of fields. */
function* rows(file: CsvFile, header: string): Generator<{ fields: string[]; where: string }> {
  const width = header.split(",").length;
  let seenHeader = false;
  const lines = file.text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const where = `${file.path}:${i + 1}`;
    if (line === "" || line.startsWith("#")) continue;
    if (!seenHeader) {
      if (line !== header) throw new ConfigError(`${where}: expected the header "${header}"`);
      seenHeader = true;
      continue;
    }
    if (line.includes('"')) throw new ConfigError(`${where}: expected no quoted fields`);
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length !== width)
      throw new ConfigError(`${where}: expected ${width} fields, got ${fields.length}`);
    yield { fields, where };
  }
  if (!seenHeader) throw new ConfigError(`${file.path}: expected the header "${header}"`);
}
