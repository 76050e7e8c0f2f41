// Phone numbers to E.164 with libphonenumber-js (full "max" metadata, so mobile and fixed lines are
// told apart). Numbers without a country code are read as Chinese (CN).
import {
  Metadata,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from "libphonenumber-js/max";
import { normalizeText } from "./text.js";

export type PhoneType = "mobile" | "fixed" | "other";

export interface Phone {
  /** E.164, e.g. +8613800138000; any extension is dropped. */
  e164: string;
  type: PhoneType;
}

// Several numbers in one field ("138… / 010-…"): the first valid one wins.
const SEPARATORS = /[,;/、|]|\s{2,}/u;
const MAX_LENGTH = 64;

/** The first valid number in the text as E.164 with its type, or null when none is valid. Never throws. */
export function normalizePhone(input: string, defaultCountry: CountryCode = "CN"): Phone | null {
  const text = normalizeText(input);
  for (const candidate of text.split(SEPARATORS)) {
    const phone = parseOne(candidate.trim(), defaultCountry);
    if (phone) return phone;
  }
  return null;
}

function parseOne(candidate: string, defaultCountry: CountryCode): Phone | null {
  if (candidate.length > MAX_LENGTH || !/\d/.test(candidate)) return null;
  try {
    const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
    if (!parsed || !isValid(parsed)) return null;
    // getType() costs as much as parsing and validating together, and cleaning needs only e164.
    return {
      e164: parsed.number,
      get type() {
        return typeOf(parsed.getType());
      },
    };
  } catch {
    // The library is defensive but its contract allows throwing on pathological input.
    return null;
  }
}

function typeOf(type: string | undefined): PhoneType {
  if (type === "MOBILE") return "mobile";
  if (type === "FIXED_LINE") return "fixed";
  return "other";
}

// The library's isValid() builds a RegExp from its metadata's pattern text on every test, several per
// number and from patterns kilobytes long: half of a customer's clean time (at L, tens of seconds of the
// clean's critical path). isValid below is the same test with each country's patterns compiled once:
// libphonenumber-js's getNumberType, which isValid() asks, takes a national number that matches the
// country's national number pattern and then any number type whose lengths and pattern fit it.
// test/unit/clean/phone.test.ts compares the two on many generated numbers.

/** The numbering plan's parts read here: methods of the library's Metadata, left out of its typings. */
interface NumberingPlan {
  hasTypes(): boolean;
  nationalNumberPattern(): string;
  type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

// Every type getNumberType tries (FIXED_LINE first there, which changes only which type it names).
const NUMBER_TYPES = [
  "FIXED_LINE",
  "MOBILE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
];

type Check = (nationalNumber: string) => boolean;
const checks = new Map<CountryCode, Check | null>();

/** The country's compiled test, or null when its metadata has no types (then the library's own). */
function compileCheck(country: CountryCode): Check | null {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan as unknown as NumberingPlan | undefined;
  if (!plan?.hasTypes()) return null;
  const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
  const national = whole(plan.nationalNumberPattern());
  const types = NUMBER_TYPES.flatMap((name) => {
    const type = plan.type(name);
    if (!type || !type.pattern()) return [];
    return [{ pattern: whole(type.pattern()), lengths: type.possibleLengths() }];
  });
  return (nn) =>
    national.test(nn) &&
    types.some((t) => (!t.lengths || t.lengths.includes(nn.length)) && t.pattern.test(nn));
}

/** parsed.isValid(), with the patterns compiled once per country. */
export function isValid(parsed: PhoneNumber): boolean {
  const country = parsed.country;
  if (!country) return parsed.isValid();
  let check = checks.get(country);
  if (check === undefined) checks.set(country, (check = compileCheck(country)));
  return check ? check(parsed.nationalNumber) : parsed.isValid();
}
