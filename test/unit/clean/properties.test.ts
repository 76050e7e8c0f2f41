// Properties every normaliser must have on any input: it never throws, and (where the output is
// the same kind of thing as the input) normalising its own output changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { companyNameKey, personOrCompanyDisplayName } from "../../../src/clean/company.js";
import { normalizeCreditCode } from "../../../src/clean/credit-code.js";
import { cleanCustomer } from "../../../src/clean/customer.js";
import { normalizeEmail } from "../../../src/clean/email.js";
import { moneyToCents, parseMoney } from "../../../src/clean/money.js";
import { normalizePhone } from "../../../src/clean/phone.js";
import { loadRegionTable } from "../../../src/clean/reference.js";
import { regionCode } from "../../../src/clean/region.js";
import { normalizeText, nullIfBlank } from "../../../src/clean/text.js";
import { parseTimestamp } from "../../../src/clean/time.js";

const regions = await loadRegionTable();
const ZONE = "Asia/Shanghai";
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

// Any code point; any UTF-16 unit (lone surrogates included); and text built from the pieces real
// data is made of, so that the interesting branches are reached, not only the "invalid" one.
const fragments = [
  ..."0123456789０１２３４５６７８９+-()（）.,，。@＠ :/\u200B\u3000\t",
  ...["有限公司", "股份", "集团", "(集团)", "Co., Ltd.", "Inc", " co", "limited"],
  ...["深圳", "深圳市", "广东省", "北京", "吉林", "Shenzhen", "Hong Kong", "腾达", "科技", "银行"],
  ...["+86", "0086", "138", "0013", "8000", "010", "0755", "6552", "9988"],
  ...["2026", "-03-01", " 12:00:00", "+08", "Z", ".5", "T"],
  ...["a", "B", "qq", "com", "example", "e\u0301", "\u0301", "ß", "İ", "ﬁ"],
  ...["9144", "0300", "7084", "6113", "6T", "MA5F", "Y", "N", "A"],
];
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 40 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join("")),
);

// Text shaped like one kind of value, with the noise real data has, so most samples are valid.
const noisy = (pieces: fc.Arbitrary<string>[]) =>
  fc
    .tuple(fc.tuple(...pieces), fc.constantFrom("", "", "\u200B", " "), fc.boolean())
    .map(([parts, noise, wide]) => {
      const text = parts.join(noise);
      return wide ? text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : text;
    });
const emailLike = noisy([
  fc.stringMatching(/^[A-Za-z0-9._+-]{1,10}$/),
  fc.constantFrom("@", "@", "＠", "@@"),
  fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/),
  fc.constantFrom(".com", ".cn", "。com", ".com.cn", ".c"),
]);
const creditCodeLike = noisy([
  fc.constantFrom("91440300708461136T", "914403001922038216", "91110108551385082q", "9144030071526726X"),
  fc.constantFrom("", "-", " "),
]);
const timestampLike = noisy([
  fc.integer({ min: 0, max: 10_000 }).map((y) => String(y).padStart(4, "0")),
  fc.constantFrom("-", "/"),
  fc.integer({ min: 0, max: 13 }).map(String),
  fc.constantFrom("-", "/"),
  fc.integer({ min: 0, max: 32 }).map(String),
  fc.constantFrom("", " 00:00:00", "T23:59:59.999999", " 12:00", " 24:00:00"),
  fc.constantFrom("", "Z", "+08", "-05:30", "+0800", "+19"),
]);

/** f never throws, and f(back(f(x))) = f(x) whenever f(x) is not null. */
function stable<T>(
  f: (s: string) => T | null,
  back: (out: T) => string = String,
  shaped?: fc.Arbitrary<string>,
) {
  fc.assert(
    fc.property(shaped ? fc.oneof(anyText, shaped) : anyText, (input) => {
      const out = f(input);
      if (out !== null) expect(f(back(out))).toEqual(out);
    }),
    RUNS,
  );
}

describe("normalisers never throw and are idempotent", () => {
  it("normalizeText", () => stable(normalizeText));
  it("nullIfBlank", () => stable(nullIfBlank));
  it("personOrCompanyDisplayName", () => stable(personOrCompanyDisplayName));
  it("companyNameKey", () => stable((s) => companyNameKey(s, regions)));
  it("companyNameKey of the display name is the key", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(companyNameKey(personOrCompanyDisplayName(s), regions)).toBe(companyNameKey(s, regions));
      }),
      RUNS,
    );
  });
  it("normalizePhone", () => stable(normalizePhone, (p) => p.e164));
  it("normalizeEmail", () => stable(normalizeEmail, String, emailLike));
  it("regionCode", () => stable((s) => regionCode(s, regions)));
  it("normalizeCreditCode", () => stable(normalizeCreditCode, String, creditCodeLike));
  it("parseMoney", () => stable(parseMoney));
  it("parseTimestamp", () => stable((s) => parseTimestamp(s, ZONE), String, timestampLike));
  it("cleanCustomer: cleaning a clean row changes nothing", () => {
    const rawCustomer = fc.record({
      source_key: fc.option(anyText),
      name: fc.option(anyText),
      phone: fc.option(anyText),
      email: fc.option(fc.oneof(anyText, emailLike)),
      region: fc.option(anyText),
      credit_code: fc.option(fc.oneof(anyText, creditCodeLike)),
      created_at: fc.option(fc.oneof(anyText, timestampLike)),
      updated_at: fc.option(fc.oneof(anyText, timestampLike)),
    });
    const ctx = { timezone: ZONE, regions };
    fc.assert(
      fc.property(rawCustomer, (raw) => {
        const first = cleanCustomer(raw, ctx);
        if (!first.ok) return;
        const { name_key: _key, phone_e164, region_code, ...rest } = first.row;
        const again = cleanCustomer({ ...rest, phone: phone_e164, region: region_code }, ctx);
        expect(again).toEqual({ ok: true, row: first.row, flags: [] });
      }),
      RUNS,
    );
  });
});

describe("generated well-formed values round-trip", () => {
  it("any amount with up to 4 decimals: exact cents, half away from zero", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (units) => {
        const abs = units < 0n ? -units : units;
        const text = `${units < 0n ? "-" : ""}${abs / 10000n}.${(abs % 10000n).toString().padStart(4, "0")}`;
        const cents = abs / 100n + (abs % 100n >= 50n ? 1n : 0n);
        expect(moneyToCents(text)).toBe(units < 0n ? -cents : cents);
      }),
      RUNS,
    );
  });

  it("any instant written with an offset parses back to itself", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1901-01-01T00:00:00Z"),
          max: new Date("2099-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        (date, quarterHours) => {
          const offsetMs = quarterHours * 15 * 60_000;
          const wall = new Date(date.getTime() + offsetMs).toISOString().slice(0, 23);
          const abs = Math.abs(quarterHours * 15);
          const sign = quarterHours < 0 ? "-" : "+";
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(parseTimestamp(`${wall}${offset}`, ZONE)).toBe(date.toISOString());
        },
      ),
      RUNS,
    );
  });

  it("any mainland mobile number in any common spelling gives the same E.164", () => {
    const mobile = fc
      .tuple(fc.constantFrom("138", "139", "150", "186", "199"), fc.integer({ min: 0, max: 99_999_999 }))
      .map(([prefix, n]) => `${prefix}${String(n).padStart(8, "0")}`);
    const spell = (d: string, style: number) =>
      [
        d,
        `+86 ${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`,
        `0086-${d}`,
        `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`,
        d.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      ][style]!;
    fc.assert(
      fc.property(mobile, fc.nat(4), (digits, style) => {
        expect(normalizePhone(spell(digits, style))).toEqual({ e164: `+86${digits}`, type: "mobile" });
      }),
      RUNS,
    );
  });
});
