import { describe, expect, it } from "vitest";
import { differsByMoreThan, moneyToCents, parseDecimal, parseMoney } from "../../../src/clean/money.js";

describe("parseMoney", () => {
  it.each([
    ["1,234.50", "1234.50"],
    ["１２３４.５", "1234.50"], // full-width digits
    ["１，２３４．５０", "1234.50"], // full-width comma and point
    [" 12 ", "12.00"],
    ["0", "0.00"],
    ["-12.3", "-12.30"],
    ["+7", "7.00"],
    ["−5", "-5.00"], // U+2212 minus sign
    [".5", "0.50"],
    ["5.", "5.00"],
    ["¥1,000元", "1000.00"],
    ["1234567890123456789.99", "1234567890123456789.99"], // beyond float precision, exact
    // half-up (away from zero), decided on the exact digits
    ["1.005", "1.01"],
    ["1.00499999", "1.00"],
    ["-1.005", "-1.01"],
    ["2.675", "2.68"], // 2.675 is 2.67499999… as a float
    ["0.125", "0.13"],
    ["-0.001", "0.00"], // no negative zero
  ])("%j → %s", (input, expected) => {
    expect(parseMoney(input)).toBe(expected);
  });

  it.each([
    "",
    " ",
    "abc",
    "1,23",
    "12,34.5",
    "1.2.3",
    "1e3",
    "--1",
    "12 34 ab",
    ".",
    "+",
    "NaN",
    "Infinity",
    "1".repeat(65),
  ])("%j is not an amount", (input) => {
    expect(parseMoney(input)).toBeNull();
  });
});

describe("parseDecimal and moneyToCents", () => {
  it("keeps every digit", () => {
    expect(parseDecimal("1,234.5678")).toEqual({ units: 12345678n, scale: 4 });
    expect(parseDecimal("-0.10")).toEqual({ units: -10n, scale: 2 });
    expect(moneyToCents("1234.505")).toBe(123451n);
    expect(moneyToCents("x")).toBeNull();
  });
});

describe("differsByMoreThan", () => {
  it.each([
    ["100.00", "100.01", "0.01", false], // exactly at the tolerance
    ["100.00", "100.011", "0.01", true],
    ["100.011", "100.00", "0.01", true],
    ["0.1", "0.3", "0.2", false], // 0.1 + 0.2 ≠ 0.3 in floats, but these are decimals
    ["-5", "5", "9.99", true],
    ["1234.5", "1,234.50", "0", false],
    ["99999999999999999.99", "99999999999999999.98", "0.001", true],
  ] as const)("|%s − %s| > %s is %s", (a, b, tolerance, expected) => {
    expect(differsByMoreThan(a, b, tolerance)).toBe(expected);
  });

  it("takes the YAML number tolerance as the decimal it was written as", () => {
    expect(differsByMoreThan("100.00", "100.01", 0.01)).toBe(false);
    expect(differsByMoreThan("100.00", "100.02", 0.01)).toBe(true);
  });

  it("refuses a non-decimal argument", () => {
    expect(() => differsByMoreThan("1", "x", "0")).toThrow(
      new RangeError('expected a decimal number, got "x"'),
    );
  });
});
