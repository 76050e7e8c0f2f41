// Phone numbers to E.164 with libphonenumber-js (full "max" metadata, so mobile and fixed lines are
// told apart). Numbers without a country code are read as Chinese (CN).
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
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
    if (!parsed?.isValid()) return null;
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
