// Email addresses: normalised and checked for a plausible shape, not delivered to.
import { normalizeText } from "./text.js";

// Local part: no spaces and none of the characters that only appear when a field holds a
// display name or a list ("Name <a@b.c>", "a@b.c; d@e.f").
const LOCAL = /^[^\s@"(),:;<>[\]\\]+$/u;
// Domain: dot-separated labels of letters, digits and hyphens (IDN allowed), a TLD of ≥ 2 letters.
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

/** Lower-cased, NFKC address, or null when it is not one plausible address. Never throws. */
export function normalizeEmail(input: string): string | null {
  // "。" (ideographic full stop) is a common IME slip for "." in Chinese data.
  const text = normalizeText(input)
    .replace(/。/gu, ".")
    .toLowerCase()
    .replace(/^mailto:/u, "");
  const at = text.indexOf("@");
  if (at <= 0 || at !== text.lastIndexOf("@") || text.length > 254) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) return null;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  return text;
}
