import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanKey, normalizeText, nullIfBlank } from "../../../src/clean/text.js";

describe("normalizeText", () => {
  it.each([
    ["  腾达  科技 ", "腾达 科技"],
    ["ＡＢＣ　１２３", "ABC 123"], // full-width letters, digits and ideographic space
    ["（深圳）", "(深圳)"],
    ["a\u200Bb\uFEFFc\u200D", "abc"], // zero-width space, BOM, zero-width joiner
    ["a\u0000b\u0007c", "abc"], // controls
    ["line\r\nbreak\ttab", "line break tab"],
    ["e\u0301", "é"], // composed
    ["e\u200B\u0301", "é"], // an invisible character between base and accent does not block composition
    ["\u00A0x\u00A0", "x"], // no-break spaces
    ["", ""],
    ["=\u0338x", "≠x"], // an ASCII character composes with a combining mark after it
    ["一\uF900", "一豈"], // a CJK compatibility ideograph decomposes
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("gives what its definition gives for text that looks normal already and text that does not", () => {
    // The definition, step by step; normalizeText returns ASCII and CJK text with single spaces as it is.
    const definition = (s: string) =>
      s
        .replace(/[\t\n\v\f\r\u0085]/g, " ")
        .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, "")
        .normalize("NFKC")
        .replace(/\s+/gu, " ")
        .trim();
    const near = [
      "a",
      "Z",
      "0",
      "=",
      "~",
      "!",
      " ",
      "  ",
      "\t",
      "\u00A0",
      "\u3000",
      "一",
      "\u9FFF",
      "龥",
      "\u4DFF",
    ];
    const off = ["\u0301", "\u0338", "\u200B", "\uFEFF", "\uF900", "Ａ", "（", "\u007F", "\uD800", "\u2460"];
    const text = fc.array(fc.constantFrom(...near, ...near, ...off), { maxLength: 8 }).map((a) => a.join(""));
    fc.assert(
      fc.property(text, (s) => normalizeText(s) === definition(s)),
      { numRuns: 20_000 },
    );
  });
});

describe("nullIfBlank", () => {
  it.each([
    [null, null],
    [undefined, null],
    ["", null],
    ["  \u3000\u200B ", null],
    [" x ", "x"],
  ])("%j → %j", (input, expected) => {
    expect(nullIfBlank(input)).toBe(expected);
  });
});

describe("cleanKey", () => {
  it("trims only, so a child's reference still matches its parent", () => {
    expect(cleanKey("  C-０01 ")).toBe("C-０01");
    expect(cleanKey(" \t")).toBeNull();
    expect(cleanKey(null)).toBeNull();
  });
});
