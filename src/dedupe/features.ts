// What the matcher compares, derived once per record into columns (typed arrays and string arrays, not
// an object per record: at 1.25 M records that halves the memory and most of the GC work). Pure.
import type { RegionTable } from "../clean/region-table.js";
import { columnsOf, type MatchColumns } from "./customer-columns.js";
import {
  codePointLength,
  HAN,
  latinHead,
  leadingCodePoints,
  matchKey,
  namePlace,
  toPinyin,
} from "./names.js";

/** A clean source customer, as the clean stage wrote it to core.int_customers. */
export interface MatchRecord {
  source: string;
  source_key: string;
  name: string;
  name_key: string;
  phone_e164: string | null;
  email: string | null;
  region_code: string | null;
  credit_code: string | null;
  updated_at: string | null;
  created_at: string | null;
}

/** Bits of FeatureTable.flags. */
export const LATIN = 1;
/** The location names a city (a municipality or SAR counts as one). */
export const CITY = 2;
/**
 * The name key is carried in this province by records of two or more different cities, so name
 * agreement without the same city is not proof (set by the matcher, which sees all records).
 */
export const AMBIGUOUS = 4;
export const MOBILE = 8;
export const FREE_MAIL = 16;

export interface FeatureTable {
  readonly size: number;
  /** The clean stage's name key without places it missed. */
  readonly nameKey: string[];
  /** Code points in the name key (a CJK character counts one). */
  readonly nameLength: Int32Array;
  /** Toneless pinyin of the key ("华鑫电子" and "华信电子" → huaxindianzi); latin keys as they are. */
  readonly pinyin: string[];
  /** The 字号's pinyin (first two Chinese characters) or a latin name's first word that is not a place. */
  readonly head: string[];
  /** Char code of the first pinyin letter after the 字号 (the industry's); 0 when none; -1 for latin names. */
  readonly headNext: Int32Array;
  /** GB/T 2260 code as a number (a city when the name or field names one inside the province); 0 unknown. */
  readonly location: Int32Array;
  /** The region field's code as a number; 0 unknown. */
  readonly region: Int32Array;
  readonly flags: Uint8Array;
  readonly phone: (string | null)[];
  readonly email: (string | null)[];
  /** Where the email's domain starts (after "@"); -1 without an email. */
  readonly domainAt: Int32Array;
  readonly creditCode: (string | null)[];
}

// 直辖市 and 特别行政区: the province is the city.
const CITY_PROVINCES = new Set([11, 12, 31, 50, 81, 82]);
const MOBILE_E164 = /^\+861[3-9]\d{9}$/;

export const provinceOf = (code: number): number => Math.floor(code / 10000) * 10000;

/** Whether a GB/T 2260 code names a city: a prefecture-level code or a municipality/SAR. */
export function isCityLevel(code: number): boolean {
  return code % 10000 !== 0 || CITY_PROVINCES.has(code / 10000);
}

/** The region field and the name's place combined: the more specific wins when both name one province. */
function location(region: number, place: number): number {
  if (region === 0) return place;
  if (place === 0 || provinceOf(place) !== provinceOf(region)) return region;
  return region % 10000 === 0 ? place : region;
}

const codeOf = (code: string | null): number => (code && /^\d{6}$/.test(code) ? Number(code) : 0);

/** The email's domain (after "@"), or "" without one. */
export function domainOf(t: FeatureTable, i: number): string {
  const at = t.domainAt[i]!;
  return at < 0 ? "" : t.email[i]!.slice(at);
}

/** Whether records i and j have the same email domain, compared in place. */
export function sameDomain(t: FeatureTable, i: number, j: number): boolean {
  const a = t.email[i];
  const b = t.email[j];
  if (!a || !b) return false;
  const ai = t.domainAt[i]!;
  const bj = t.domainAt[j]!;
  return a.length - ai === b.length - bj && a.endsWith(b.slice(bj));
}

export function buildFeatures(
  records: readonly MatchRecord[] | MatchColumns,
  regions: RegionTable,
  freeMail: ReadonlySet<string>,
): FeatureTable {
  // Records as columns, so the tests' and the bench's arrays of records take the service's path.
  const r = Array.isArray(records) ? columnsOf(records as readonly MatchRecord[]) : (records as MatchColumns);
  const n = r.size;
  const t: FeatureTable = {
    size: n,
    nameKey: new Array<string>(n),
    nameLength: new Int32Array(n),
    pinyin: new Array<string>(n),
    head: new Array<string>(n),
    headNext: new Int32Array(n),
    location: new Int32Array(n),
    region: new Int32Array(n),
    flags: new Uint8Array(n),
    phone: new Array<string | null>(n),
    email: new Array<string | null>(n),
    domainAt: new Int32Array(n),
    creditCode: new Array<string | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const name = r.name[i]!;
    const email = r.email[i] ?? null;
    const phone = r.phone_e164[i] ?? null;
    const key = matchKey(name, r.name_key[i]!);
    const latin = !HAN.test(key);
    t.nameKey[i] = key;
    t.nameLength[i] = codePointLength(key);
    t.pinyin[i] = latin ? key : toPinyin(key);
    if (latin) {
      t.head[i] = latinHead(name, regions);
      t.headNext[i] = -1;
    } else {
      // The 字号 is the first two characters (three for a key that does not start with a Chinese one).
      const width = HAN.test(leadingCodePoints(key, 1)) ? 2 : 3;
      const lead = leadingCodePoints(key, width + 1);
      const headChars = leadingCodePoints(lead, width);
      t.head[i] = toPinyin(headChars);
      t.headNext[i] = toPinyin(lead.slice(headChars.length)).charCodeAt(0) || 0;
    }
    const region = codeOf(r.region_code[i] ?? null);
    const loc = location(region, codeOf(namePlace(name, regions)));
    t.region[i] = region;
    t.location[i] = loc;
    t.phone[i] = phone;
    t.email[i] = email;
    t.creditCode[i] = r.credit_code[i] ?? null;
    const at = email ? email.lastIndexOf("@") : -1;
    t.domainAt[i] = at > 0 ? at + 1 : -1;
    const mobile = phone !== null && MOBILE_E164.test(phone);
    const free = at > 0 && freeMail.has(email!.slice(at + 1));
    t.flags[i] =
      (latin ? LATIN : 0) |
      (loc !== 0 && isCityLevel(loc) ? CITY : 0) |
      (mobile ? MOBILE : 0) |
      (free ? FREE_MAIL : 0);
  }
  return t;
}
