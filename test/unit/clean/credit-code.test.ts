import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, normalizeCreditCode } from "../../../src/clean/credit-code.js";

// An independent check-character computation: GB 32100's weights are 3^i mod 31, and the check
// value is the one that brings the weighted sum of the first 17 to a multiple of 31.
const ALPHABET = [..."0123456789ABCDEFGHJKLMNPQRTUWXY"];
function independentCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    if (!ALPHABET.includes(ch)) throw new Error(`"${ch}" is not in the alphabet`);
    sum += ALPHABET.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  const value = ALPHABET.findIndex((_, v) => (sum + v) % 31 === 0);
  return ALPHABET[value]!;
}
const withCheck = (first17: string) => first17 + independentCheck(first17);

// Public codes of registered companies, checked by the independent computation below.
const PUBLIC_CODES = [
  "914403001922038216", // 华为技术有限公司
  "91440300708461136T", // 深圳市腾讯计算机系统有限公司
  "91110108551385082Q", // 小米科技有限责任公司
  "9144030071526726XG",
  "91330100799655058B",
];
// Other registration authorities (A, N, Y, 1, 5) and a body whose check character is "0".
const ZERO_CHECK = (() => {
  for (const last of ALPHABET) {
    const body = `5211000050000123${last}`;
    if (independentCheck(body) === "0") return `${body}0`;
  }
  throw new Error("no body with check 0");
})();
const OTHER_AUTHORITIES = [
  withCheck("A1100000MA0000001"),
  withCheck("N2440300MA5F00001"),
  withCheck("Y1310000MA1K00001"),
  withCheck("11100000000013127"),
  withCheck("51110000500000001"),
  ZERO_CHECK,
];

describe("normalizeCreditCode", () => {
  it("the independent computation agrees with the public codes", () => {
    for (const code of PUBLIC_CODES) expect(independentCheck(code.slice(0, 17)), code).toBe(code.slice(17));
  });

  it.each([...PUBLIC_CODES, ...OTHER_AUTHORITIES])("%s is valid", (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code.slice(17));
    expect(normalizeCreditCode(code)).toBe(code);
  });

  it("covers codes beginning with A, N and Y and a check character 0", () => {
    expect(OTHER_AUTHORITIES.map((c) => c[0])).toEqual(expect.arrayContaining(["A", "N", "Y"]));
    expect(ZERO_CHECK.endsWith("0")).toBe(true);
  });

  it.each([
    [" 91440300-7084-6113-6T ", "91440300708461136T"],
    ["９１４４０３００７０８４６１１３６Ｔ", "91440300708461136T"], // full-width
    ["91440300708461136t", "91440300708461136T"], // lower case
    ["9144 0300 7084 6113 6T", "91440300708461136T"],
  ])("%j is normalised to %s", (input, expected) => {
    expect(normalizeCreditCode(input)).toBe(expected);
  });

  it.each([
    ["a wrong check character", "91440300708461136U"],
    ["one character changed", "91440300708461137T"],
    ["adjacent characters swapped", "91440300708416136T"],
    ["17 characters", "91440300708461136"],
    ["19 characters", "91440300708461136TT"],
    ["a letter outside the charset (O)", "9144030O708461136T"],
    ["a letter outside the charset (I)", "9I440300708461136T"],
    ["an old 15-digit registration number", "440301103097413"],
    ["empty", ""],
  ])("rejects %s", (_why, input) => {
    expect(normalizeCreditCode(input)).toBeNull();
  });

  it("detects every single-character substitution and adjacent transposition of a valid code", () => {
    const code = fc.constantFrom(...PUBLIC_CODES, ...OTHER_AUTHORITIES);
    fc.assert(
      fc.property(code, fc.nat(17), fc.constantFrom(...ALPHABET), (valid, i, ch) => {
        fc.pre(valid[i] !== ch);
        expect(normalizeCreditCode(valid.slice(0, i) + ch + valid.slice(i + 1))).toBeNull();
      }),
    );
    fc.assert(
      fc.property(code, fc.nat(16), (valid, i) => {
        fc.pre(valid[i] !== valid[i + 1]);
        expect(
          normalizeCreditCode(valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2)),
        ).toBeNull();
      }),
    );
  });
});
