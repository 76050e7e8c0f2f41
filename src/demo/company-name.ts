// Renders a golden company's name the way one clerk might type it: region prefix or infix, legal suffix,
// shortened industry, homophone typos, bracket width, stray spaces, or an English (pinyin) rendering.
import { HOMOPHONES, type Industry, LEGAL_SUFFIX_EN, LEGAL_SUFFIX_ZH, type LegalForm } from "./data/names.js";
import type { City, Province } from "./data/regions.js";
import type { Rng } from "./prng.js";

export interface CompanyIdentity {
  readonly city: City;
  readonly province: Province;
  /** The 字号, two characters. */
  readonly zihao: string;
  /** Capitalised pinyin of the 字号 ("Huaxin"). */
  readonly zihaoPy: string;
  readonly industry: Industry;
  readonly legalForm: LegalForm;
  /** 华信（深圳）电子科技有限公司 instead of 深圳市华信电子科技有限公司. */
  readonly infix: boolean;
}

type RegionStyle = "city" | "city_short" | "province" | "province_city" | "none";

interface NameSpec {
  region: RegionStyle;
  zihao: string;
  industry: string;
  suffix: string;
  infix: boolean;
  halfWidthBrackets: boolean;
}

function canonicalSpec(c: CompanyIdentity): NameSpec {
  return {
    region: "city",
    zihao: c.zihao,
    industry: c.industry.zh,
    suffix: LEGAL_SUFFIX_ZH[c.legalForm],
    infix: c.infix && !c.province.isCity,
    halfWidthBrackets: false,
  };
}

function regionText(c: CompanyIdentity, style: RegionStyle): string {
  const cityFull = c.province.isCity ? c.province.full.replace(/特别行政区|省$/, "") : `${c.city.name}市`;
  switch (style) {
    case "city":
      return cityFull;
    case "city_short":
      return c.city.name;
    case "province":
      return c.province.short;
    case "province_city":
      return c.province.isCity ? cityFull : `${c.province.full}${cityFull}`;
    case "none":
      return "";
  }
}

function renderSpec(c: CompanyIdentity, s: NameSpec): string {
  const region = regionText(c, s.region);
  let name: string;
  if (s.infix && region) {
    const [open, close] = s.halfWidthBrackets ? ["(", ")"] : ["（", "）"];
    name = `${s.zihao}${open}${region.replace(/市$/, "")}${close}${s.industry}${s.suffix}`;
  } else {
    name = `${region}${s.zihao}${s.industry}${s.suffix}`;
  }
  return s.halfWidthBrackets ? name.replace(/（/g, "(").replace(/）/g, ")") : name;
}

/** The name as registered. */
export function canonicalName(c: CompanyIdentity): string {
  return renderSpec(c, canonicalSpec(c));
}

/** An English rendering as used on export paperwork: "Shenzhen Huaxin Electronic Technology Co., Ltd.". */
export function englishName(rng: Rng, c: CompanyIdentity): string {
  const suffix = rng.pick(LEGAL_SUFFIX_EN[c.legalForm]);
  if (c.province.code === "810000" || c.province.code === "820000")
    return `${c.zihaoPy} ${c.industry.en} (${c.province.py}) Limited`;
  const name = `${c.city.py} ${c.zihaoPy} ${c.industry.en} ${suffix}`;
  return rng.chance(0.15) ? name.toUpperCase() : name;
}

function homophoneTypo(rng: Rng, zihao: string): string {
  const chars = [...zihao];
  const order = rng.chance(0.5) ? [0, 1] : [1, 0];
  for (const k of order) {
    const alts = HOMOPHONES.get(chars[k] ?? "");
    if (alts && alts.length) {
      chars[k] = rng.pick(alts);
      return chars.join("");
    }
  }
  return zihao;
}

/**
 * A name as a clerk typed it. `strength` 0 is the registered name with rare noise; 1 is a duplicate row
 * entered separately (one to three changes).
 */
export function variantName(rng: Rng, c: CompanyIdentity, strength: 0 | 1): string {
  if (strength === 1 && rng.chance(0.04)) return englishName(rng, c);
  const s = canonicalSpec(c);
  const changes = strength === 0 ? (rng.chance(0.08) ? 1 : 0) : rng.int(1, 3);
  for (let k = 0; k < changes; k++) {
    const x = rng.next();
    if (x < 0.3)
      s.region = rng.pick<RegionStyle>(["none", "none", "city_short", "province", "province_city"]);
    else if (x < 0.52)
      s.suffix = rng.pick(
        ["有限公司", "有限责任公司", "", "公司", "股份有限公司"].filter((v) => v !== s.suffix),
      );
    else if (x < 0.64 && c.industry.short) s.industry = c.industry.short;
    else if (x < 0.76) s.zihao = homophoneTypo(rng, s.zihao);
    else if (x < 0.86) s.halfWidthBrackets = true;
    else if (x < 0.93 && !c.province.isCity) s.infix = !s.infix;
    else s.suffix = s.suffix === "有限公司" ? "有限责任公司" : "有限公司";
  }
  let name = renderSpec(c, s);
  const w = rng.next();
  if (w < 0.03) name = ` ${name} `;
  else if (w < 0.05) name = name.replace(s.zihao, ` ${s.zihao} `).trim();
  else if (w < 0.06) name = `${name}\u3000`; // trailing ideographic space, removed by NFKC + trim
  return name;
}
