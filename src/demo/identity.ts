// Gives each golden customer a unique identity: company name, mobile, landline, credit code, email.
// Uniqueness comes from keyed permutations of per-city / per-area / global counters, so nothing is remembered.
import { canonicalName, type CompanyIdentity } from "./company-name.js";
import { makeUscc } from "./credit-code.js";
import {
  EMAIL_ROLES,
  FREE_MAIL_DOMAINS,
  GIVEN_PY,
  INDUSTRIES,
  LEGAL_FORM_WEIGHTS,
  LEGAL_FORMS,
  SURNAMES_PY,
  ZIHAO_CHARS,
} from "./data/names.js";
import { CITIES, CITY_WEIGHTS } from "./data/regions.js";
import { Permutation } from "./permutation.js";
import { cumulativeWeights, hash32, type Rng } from "./prng.js";

/** Mobile prefixes every phone library accepts as Chinese mobiles. */
export const MOBILE_PREFIXES: readonly string[] = (
  "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 " +
  "166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 198 199"
).split(" ");

export interface GoldenIdentity extends CompanyIdentity {
  readonly cityIndex: number;
  readonly registeredName: string;
  readonly mobile: string;
  readonly landline: { readonly area: string; readonly local: string } | null;
  readonly uscc: string | null;
  readonly email: string;
}

const PAIR_COUNT = ZIHAO_CHARS.length * (ZIHAO_CHARS.length - 1);
const NAME_SPACE = PAIR_COUNT * INDUSTRIES.length;
const CITY_CUMULATIVE = cumulativeWeights(CITY_WEIGHTS);
const CITY_INDEXES = CITIES.map((_, k) => k);
const LEGAL_CUMULATIVE = cumulativeWeights(LEGAL_FORM_WEIGHTS);

/** Ordered pair of distinct 字号 characters for a pair index. */
function zihaoPair(pair: number) {
  const n = ZIHAO_CHARS.length;
  const a = Math.floor(pair / (n - 1));
  let b = pair % (n - 1);
  if (b >= a) b++;
  return [ZIHAO_CHARS[a], ZIHAO_CHARS[b]] as const;
}

/** Domain part per 字号 pair: concatenated pinyin, numbered when another pair sounds the same. */
const PAIR_DOMAIN: readonly string[] = (() => {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let k = 0; k < PAIR_COUNT; k++) {
    const [a, b] = zihaoPair(k);
    const py = `${a?.py}${b?.py}`;
    const n = seen.get(py) ?? 0;
    seen.set(py, n + 1);
    out.push(n === 0 ? py : `${py}${n + 1}`);
  }
  return out;
})();

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class IdentityAllocator {
  private readonly cityPerms: Permutation[];
  private readonly cityCounters: number[];
  private readonly areaPerms = new Map<string, Permutation>();
  private readonly areaCounters = new Map<string, number>();
  private readonly mobilePerm: Permutation;
  private readonly orgPerm: Permutation;
  private readonly mailPerm: Permutation;
  private readonly qqPerm: Permutation;

  constructor(
    private readonly seed: number,
    customers: number,
  ) {
    this.cityPerms = CITIES.map((_, k) => new Permutation(NAME_SPACE, hash32(seed, 101, k)));
    this.cityCounters = CITIES.map(() => 0);
    this.mobilePerm = new Permutation(MOBILE_PREFIXES.length * 1e8, hash32(seed, 102));
    this.orgPerm = new Permutation(1e8, hash32(seed, 103));
    this.mailPerm = new Permutation(Math.max(customers, 100_000), hash32(seed, 104));
    this.qqPerm = new Permutation(9e8, hash32(seed, 105));
  }

  /** The identity of golden customer `index` (0-based); call in index order. */
  allocate(rng: Rng, index: number): GoldenIdentity {
    const cityIndex = rng.weighted(CITY_INDEXES, CITY_CUMULATIVE);
    const { city, province } = CITIES[cityIndex] ?? CITIES[0]!;
    const k = this.cityCounters[cityIndex] ?? 0;
    if (k >= NAME_SPACE) throw new Error(`demo generator: more than ${NAME_SPACE} companies in ${city.name}`);
    this.cityCounters[cityIndex] = k + 1;
    const nameIndex = (this.cityPerms[cityIndex] as Permutation).map(k);
    const industry = INDUSTRIES[nameIndex % INDUSTRIES.length] ?? INDUSTRIES[0]!;
    const pair = Math.floor(nameIndex / INDUSTRIES.length);
    const [a, b] = zihaoPair(pair);
    const company: CompanyIdentity = {
      city,
      province,
      zihao: `${a?.ch}${b?.ch}`,
      zihaoPy: capitalise(`${a?.py}${b?.py}`),
      industry,
      legalForm: rng.weighted(LEGAL_FORMS, LEGAL_CUMULATIVE),
      infix: rng.chance(0.12),
    };

    const m = this.mobilePerm.map(index);
    const mobile = `${MOBILE_PREFIXES[Math.floor(m / 1e8)]}${String(m % 1e8).padStart(8, "0")}`;
    const landline = city.area && rng.chance(0.7) ? this.landline(city.area, city.localDigits) : null;
    const division = rng.pick(city.codes);
    const uscc = province.hasUscc
      ? makeUscc(rng.chance(0.97) ? "91" : "92", division, this.orgPerm.map(index))
      : null;

    const person = `${rng.pick(SURNAMES_PY)}${rng.pick(GIVEN_PY)}`;
    let email: string;
    const e = rng.next();
    if (e < 0.55) {
      const domain = `${city.tag}-${PAIR_DOMAIN[pair]}-${industry.abbr}.com${rng.chance(0.3) ? ".cn" : ""}`;
      const local = rng.chance(0.5) ? rng.pick(EMAIL_ROLES) : person;
      email = `${local}@${domain}`;
    } else if (e < 0.8) {
      email = `${person}${this.mailPerm.map(index)}@${rng.pick(FREE_MAIL_DOMAINS)}`;
    } else {
      email = `${100_000 + this.qqPerm.map(index)}@qq.com`;
    }
    // Spelled out: an object spread here was the generator's hottest line.
    return {
      city: company.city,
      province: company.province,
      zihao: company.zihao,
      zihaoPy: company.zihaoPy,
      industry: company.industry,
      legalForm: company.legalForm,
      infix: company.infix,
      cityIndex,
      registeredName: canonicalName(company),
      mobile,
      landline,
      uscc,
      email,
    };
  }

  private landline(area: string, digits: 7 | 8): { area: string; local: string } {
    const space = 7 * 10 ** (digits - 1); // local numbers start with 2–8
    let perm = this.areaPerms.get(area);
    if (!perm) {
      perm = new Permutation(space, hash32(this.seed, 106, Number(area)));
      this.areaPerms.set(area, perm);
    }
    const k = this.areaCounters.get(area) ?? 0;
    this.areaCounters.set(area, k + 1);
    const n = perm.map(k % space);
    return { area, local: String(2 * 10 ** (digits - 1) + n) };
  }
}
