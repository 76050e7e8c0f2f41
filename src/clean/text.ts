// Text normalisation shared by every cleaner: NFKC (full-width → half-width), no invisible
// characters, single spaces, trimmed.

// Controls other than whitespace, format characters (zero-width space/joiners, BOM, bidi marks,
// soft hyphen) and lone surrogates: invisible in a UI but they break equality.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085]/g;

// Printable ASCII and CJK unified ideographs, single spaces between them and none at the ends: NFKC
// leaves such text as it is (none of these decomposes or composes with a neighbour), nothing in it is
// invisible and there is no whitespace to collapse or trim. Most source text is like this.
const ALREADY_NORMAL =
  /^[\x21-\x7e\u4e00-\u9fff](?:[\x21-\x7e\u4e00-\u9fff]| (?=[\x21-\x7e\u4e00-\u9fff]))*$/;

/** NFKC, invisible characters removed, whitespace runs collapsed to one space, trimmed. Never throws. */
export function normalizeText(input: string): string {
  if (ALREADY_NORMAL.test(input)) return input;
  // Invisible characters go before NFKC so that NFKC sees the final neighbours (keeps it idempotent).
  const visible = input.replace(WHITESPACE_CONTROLS, " ").replace(INVISIBLE, "");
  return visible.normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/** The normalised text, or null when the input is null, undefined or blank after normalising. */
export function nullIfBlank(input: string | null | undefined): string | null {
  if (input == null) return null;
  const text = normalizeText(input);
  return text === "" ? null : text;
}

/**
 * A source key: trimmed only, so that a child's reference (order.customer_key) matches its parent
 * after the same treatment. Null when blank.
 */
export function cleanKey(input: string | null | undefined): string | null {
  if (input == null) return null;
  const key = input.trim();
  return key === "" ? null : key;
}
