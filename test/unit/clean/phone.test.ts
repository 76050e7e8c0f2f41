import { describe, expect, it } from "vitest";
import { normalizePhone } from "../../../src/clean/phone.js";

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
