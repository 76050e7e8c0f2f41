// Writes phones, emails, regions and credit codes the many ways source systems hold them,
// and produces the invalid values that the clean stage must null and flag.
import { corruptUscc } from "./credit-code.js";
import type { Province } from "./data/regions.js";
import type { Rng } from "./prng.js";

export type SourceStyle = "erp" | "crm";

/** ASCII → full-width forms (what NFKC undoes). */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");
}

export function formatMobile(rng: Rng, digits: string): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 7);
  const c = digits.slice(7);
  switch (rng.int(0, 11)) {
    case 0:
      return `${a} ${b} ${c}`;
    case 1:
      return `${a}-${b}-${c}`;
    case 2:
      return `+86 ${a} ${b} ${c}`;
    case 3:
      return `+86${digits}`;
    case 4:
      return `0086-${digits}`;
    case 5:
      return `86-${digits}`;
    case 6:
      return `(+86) ${digits}`;
    case 7:
      return toFullWidth(digits);
    case 8:
      return `${digits} `;
    default:
      return digits;
  }
}

export function formatLandline(rng: Rng, area: string, local: string): string {
  const split =
    local.length === 8 ? `${local.slice(0, 4)} ${local.slice(4)}` : `${local.slice(0, 3)} ${local.slice(3)}`;
  const noTrunk = area.slice(1);
  switch (rng.int(0, 8)) {
    case 0:
      return `${area} ${split}`;
    case 1:
      return `(${area})${local}`;
    case 2:
      return `${area}${local}`;
    case 3:
      return `+86 ${noTrunk} ${split}`;
    case 4:
      return `+86-${noTrunk}-${local}`;
    case 5:
      return `${area}－${local}`; // full-width hyphen
    default:
      return `${area}-${local}`;
  }
}

/** Values no phone library accepts: too short, too long, all zeros. */
export function invalidPhone(rng: Rng, mobile: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return mobile.slice(0, 9);
    case 1:
      return "12345";
    case 2:
      return "0000000";
    case 3:
      return `${mobile}${mobile.slice(0, 2)}`;
    default:
      return "010-1234";
  }
}

export function formatEmail(rng: Rng, email: string): string {
  const at = email.indexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const x = rng.next();
  if (x < 0.07) return email.toUpperCase();
  if (x < 0.14) return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`;
  if (x < 0.18) return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain}`;
  if (x < 0.2) return ` ${email}`;
  if (x < 0.21) return `${local}＠${domain}`; // full-width at sign
  return email;
}

/** Malformed addresses: nothing after @, nothing before it, two of them, none at all, a placeholder. */
export function invalidEmail(rng: Rng, email: string): string {
  const at = email.indexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  switch (rng.int(0, 4)) {
    case 0:
      return `${local}@`;
    case 1:
      return "n/a";
    case 2:
      return `@${domain}`;
    case 3:
      return `${local}@@${domain}`;
    default:
      return `${local}${domain}`;
  }
}

/** A province written as the source tends to: full name, short name, one-character abbreviation, pinyin. */
export function formatRegion(rng: Rng, p: Province, source: SourceStyle): string | null {
  const x = rng.next();
  const [full, short, abbr, py] = source === "erp" ? [0.55, 0.85, 0.91, 0.96] : [0.3, 0.75, 0.85, 0.92];
  if (x < full) return p.full;
  if (x < short) return p.short;
  if (x < abbr) return p.abbr;
  if (x < py) return rng.chance(0.3) ? p.py.toUpperCase() : p.py;
  if (x < 0.985) return rng.chance(0.5) ? ` ${p.short}` : `${p.full} `;
  return null;
}

/** A credit code as stored: mostly verbatim, sometimes lower-case or full-width (both still valid). */
export function formatUscc(rng: Rng, code: string, source: SourceStyle): string {
  const x = rng.next();
  if (source === "crm" && x < 0.03) return code.toLowerCase();
  if (source === "crm" && x < 0.05) return toFullWidth(code);
  return code;
}

export function invalidUscc(rng: Rng, code: string): string {
  return corruptUscc(code, rng.int(0, 1000));
}
