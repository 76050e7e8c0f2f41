// Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters =
// registration authority + category, 6-digit division code, 9-character organisation code (GB 11714), check character.

export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 32100 check character for the first 17 characters, or null if one is outside the charset. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const v = USCC_CHARSET.indexOf(first17[k] ?? "");
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[k] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[check] ?? null;
}

export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code[17];
}

/** The GB 11714 check character of an 8-character organisation code body (digits here). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += parseInt(body8[k] ?? "0", 36) * (ORG_WEIGHTS[k] ?? 0);
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? "X" : c9 === 11 ? "0" : String(c9);
}

/**
 * A valid code for an enterprise registered in `division`: `orgNumber` (0 ≤ n < 10^8) gives the
 * organisation code, so distinct numbers give distinct codes.
 */
export function makeUscc(authorityCategory: string, division: string, orgNumber: number): string {
  const body = String(orgNumber).padStart(8, "0");
  const first17 = authorityCategory + division + body + orgCodeCheckChar(body);
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`makeUscc: invalid characters in ${first17}`);
  return first17 + check;
}

/** Damages a valid code the ways clerks do: wrong check character, a character dropped, O for 0. */
export function corruptUscc(code: string, how: number): string {
  switch (how % 3) {
    case 0: {
      const last = code[17] ?? "0";
      const k = (USCC_CHARSET.indexOf(last) + 1 + (how % 29)) % 31;
      return code.slice(0, 17) + (USCC_CHARSET[k] ?? "1");
    }
    case 1:
      return code.slice(0, 9) + code.slice(10);
    default: {
      const zero = code.indexOf("0", 2);
      return zero >= 0 ? code.slice(0, zero) + "O" + code.slice(zero + 1) : code.slice(0, 17);
    }
  }
}
