// Field comparators on hand-written records: graded names, phones, emails and regions.
import { describe, expect, it } from "vitest";
import {
  compareEmails,
  compareNames,
  comparePhones,
  compareRegions,
} from "../../../src/dedupe/comparators.js";
import { buildFeatures } from "../../../src/dedupe/features.js";
import { markAmbiguousNames } from "../../../src/dedupe/match.js";
import { rec, regions } from "./fixtures.js";

const FREE = new Set(["qq.com", "163.com"]);
const OPTS = { shortLength: 4, shortCap: 0.9 };

/** Similarity of two records under one comparator. */
function pair<T>(
  a: Parameters<typeof rec>[0],
  b: Parameters<typeof rec>[0],
  compare: (t: ReturnType<typeof buildFeatures>) => T,
): T {
  const t = buildFeatures([rec(a), rec(b)], regions, FREE);
  markAmbiguousNames(t);
  return compare(t);
}
const names = (a: string, b: string, extra: { region_code?: string } = {}) =>
  pair({ name: a, ...extra }, { name: b, ...extra }, (t) => compareNames(t, 0, 1, OPTS));

describe("compareNames", () => {
  it("gives 1 to the same key", () => {
    expect(names("华信电子科技", "华信电子科技")).toBe(1);
  });

  it("ranks a homophone typo at 0.95: the pinyin agrees, the characters do not", () => {
    // Characters: jaro-winkler 0.9 (one of six differs); pinyin huaxindianzikeji on both sides → 0.95 · 1.
    expect(names("华信电子科技", "华鑫电子科技")).toBeCloseTo(0.95, 10);
  });

  it("ranks a shortened industry word (one key starts the other) at 0.96", () => {
    expect(names("华信电子科技", "华信电子")).toBe(0.96);
  });

  it("compares a latin name with a Chinese one through the 字号's pinyin, at most 0.9", () => {
    const t = buildFeatures(
      [
        rec({
          name: "Shenzhen Huaxin Electronic Technology Co., Ltd.",
          name_key: "huaxinelectronictechnology",
        }),
        rec({ name: "华信电子科技" }),
      ],
      regions,
      FREE,
    );
    expect(t.head[0]).toBe("huaxin");
    expect(t.head[1]).toBe("huaxin");
    expect(compareNames(t, 0, 1, OPTS)).toBeCloseTo(0.9, 10);
  });

  it("caps keys shorter than four characters: a short name alone is weak evidence", () => {
    expect(names("华信", "华信")).toBe(0.9);
  });

  it("counts the same key in two cities of one province as ambiguous unless the cities agree", () => {
    const t = buildFeatures(
      [
        rec({ name: "深圳市华信电子科技有限公司", name_key: "华信电子科技", region_code: "440000" }),
        rec({ name: "广州市华信电子科技有限公司", name_key: "华信电子科技", region_code: "440000" }),
        rec({ name: "华信电子科技", region_code: "440000" }),
        rec({ name: "深圳华信电子科技", name_key: "华信电子科技", region_code: "440000" }),
      ],
      regions,
      FREE,
    );
    markAmbiguousNames(t);
    expect(compareNames(t, 2, 0, OPTS)).toBe(0.93); // which city's 华信? not proof
    expect(compareNames(t, 0, 3, OPTS)).toBe(1); // both in 深圳
  });

  it("says nothing about a missing key", () => {
    expect(names("", "华信电子科技")).toBeNull();
  });
});

describe("comparePhones", () => {
  const phones = (a: string | null, b: string | null) =>
    pair({ name: "x", phone_e164: a }, { name: "y", phone_e164: b }, (t) => comparePhones(t, 0, 1));
  it.each([
    ["+8613800138000", "+8613800138000", 1], // the same mobile
    ["+862083001234", "+862083001234", 0.9], // the same fixed line
    ["+862083001234", "+862083001299", 0.5], // one exchange block
    ["+8613800138000", "+862083001234", 0.3], // a mobile and a fixed line: no evidence
    ["+8613800138000", "+8613900139000", 0], // two different mobiles
    [null, "+8613800138000", null],
  ])("%s / %s → %s", (a, b, s) => expect(phones(a, b)).toBe(s));
});

describe("compareEmails", () => {
  const emails = (a: string | null, b: string | null) =>
    pair({ name: "x", email: a }, { name: "y", email: b }, (t) => compareEmails(t, 0, 1));
  it.each([
    ["sales@huaxin.com", "sales@huaxin.com", 1],
    ["sales@huaxin.com", "info@huaxin.com", 0.7], // a colleague at the company's domain
    ["123456@qq.com", "sales@huaxin.com", 0.3], // free mail against company mail: no evidence
    ["123456@qq.com", "654321@qq.com", 0], // two free-mail users
    ["sales@huaxin.com", "sales@tengda.com", 0],
    ["sales@huaxin.com", null, null],
  ])("%s / %s → %s", (a, b, s) => expect(emails(a, b)).toBe(s));
});

describe("compareRegions", () => {
  it.each([
    [440300, 440300, 1], // 深圳 = 深圳
    [110000, 110000, 1], // 北京 is a municipality: the province is the city
    [440000, 440000, 0.8], // both only 广东: compatible, not proof
    [440000, 440300, 0.8],
    [440300, 440100, 0.2], // 深圳 vs 广州: a conflict
    [440300, 310000, 0], // different provinces
    [0, 440300, null],
  ])("%d / %d → %s", (a, b, s) => expect(compareRegions(a, b)).toBe(s));
});
