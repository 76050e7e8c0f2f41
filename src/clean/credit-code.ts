// Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
// set, the last a check character over the first 17.

/** The code's alphabet: digits and capitals without I, O, Z, S, V; a character's value is its index. */
export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** NFKC, upper-case, spaces and dashes removed: the form the check applies to. */
export function canonicalCreditCode(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\p{Cf}\p{Pd}]/gu, "");
}

/** The check character for the first 17 characters, or null when one is outside the charset. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  // 31 − (Σ mod 31), where 31 means "0".
  return CREDIT_CODE_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** The canonical 18-character code when its check character is right, else null. Never throws. */
export function normalizeCreditCode(input: string): string | null {
  const code = canonicalCreditCode(input);
  if (!SHAPE.test(code)) return null;
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17) ? code : null;
}
