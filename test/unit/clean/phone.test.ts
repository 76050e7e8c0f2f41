import fc from "fast-check";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { isValid, normalizePhone } from "../../../src/clean/phone.js";

describe("normalizePhone", () => {
  it.each([
    ["+86 138 0013 8000", "+8613800138000", "mobile"],
    ["0086-13800138000", "+8613800138000", "mobile"],
    ["８６１３８００１３８０００", "+8613800138000", "mobile"],
    ["１３８００１３８０００", "+8613800138000", "mobile"],
    ["138-0013-8000", "+8613800138000", "mobile"],
    ["(+86) 138 0013 8000", "+8613800138000", "mobile"],
    [" 13800138000\u200B", "+8613800138000", "mobile"],
    ["(010) 6552 9988", "+861065529988", "fixed"],
    ["（０１０）６５５２－９９８８", "+861065529988", "fixed"],
    ["010-65529988", "+861065529988", "fixed"],
    ["+86 10 6552 9988", "+861065529988", "fixed"],
    ["0755 8888 6666", "+8675588886666", "fixed"],
    ["0755-88886666", "+8675588886666", "fixed"],
    ["010-65529988 ext. 12", "+861065529988", "fixed"], // the extension is dropped
    ["400-800-8888", "+864008008888", "other"], // shared-cost service number
    ["+852 2123 4567", "+85221234567", "fixed"],
    ["13800138000 / 010-65529988", "+8613800138000", "mobile"], // first valid of several
    ["无, 13800138000", "+8613800138000", "mobile"],
  ])("%j → %s (%s)", (input, e164, type) => {
    expect(normalizePhone(input)).toEqual({ e164, type });
  });

  it.each([
    "",
    "   ",
    "abc",
    "12345",
    "138001380",
    "1380013800012345",
    "95588",
    "+86 000 0000 0000",
    "0".repeat(200),
  ])("%j is not a valid number", (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

// isValid compiles the library's patterns once per country; the library's own isValid() is the reference.
describe("isValid", () => {
  // Digits after a prefix: a calling code, a trunk or IDD prefix, or none (read as CN); lengths
  // around every country's, first digits drawn so that mobile, fixed, service and invalid ranges all come up.
  const prefixes = [
    "",
    "",
    "0",
    "00",
    "+86",
    "+86 ",
    "0086",
    "+852",
    "+853",
    "+886",
    "+1",
    "+44",
    "+81",
    "+65",
    "+49",
    "+7",
    "+61",
    "+800",
    "+979",
    "+882",
  ];
  const numbers = fc
    .tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^[1-9]?\d{3,13}$/), fc.constantFrom("", " ", "-"))
    .map(([prefix, digits, sep]) => `${prefix}${digits.slice(0, 3)}${sep}${digits.slice(3)}`);

  it("agrees with the library's isValid() on generated numbers", () => {
    let valid = 0;
    let parsed = 0;
    fc.assert(
      fc.property(numbers, (text) => {
        const p = parsePhoneNumberFromString(text, "CN");
        if (!p) return;
        parsed++;
        const expected = p.isValid();
        if (expected) valid++;
        expect(isValid(p), text).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    // Both verdicts came up often: the comparison was not all one way.
    expect(valid).toBeGreaterThan(1000);
    expect(parsed - valid).toBeGreaterThan(1000);
  });

  it("agrees on CN 11-digit numbers, every 7th range from 1000000 to 1999999 at a random ending", () => {
    const rng = fc.sample(fc.integer({ min: 0, max: 9999 }), { numRuns: 1_000_000, seed: 7 });
    let disagreements = 0;
    for (let prefix = 1_000_000; prefix < 2_000_000; prefix += 7) {
      const text = `${prefix}${String(rng[prefix - 1_000_000]).padStart(4, "0")}`;
      const p = parsePhoneNumberFromString(text, "CN");
      if (p && isValid(p) !== p.isValid()) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
