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
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
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
