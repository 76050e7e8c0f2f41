import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { loadRegionTable } from "../../../src/clean/reference.js";
import { buildRegionTable } from "../../../src/clean/region-table.js";
import { provinceCode, regionCode } from "../../../src/clean/region.js";

const regions = await loadRegionTable();

describe("the vendored GB/T 2260 table", () => {
  it("has the 34 provincial-level divisions, each with a 6-digit code ending in 0000", () => {
    const provinces = [...regions.byCode.values()].filter((r) => r.level === "province");
    expect(provinces).toHaveLength(34);
    for (const p of provinces) expect(p.code).toMatch(/^\d{2}0000$/);
    expect(regions.byCode.get("110000")?.name).toBe("北京市");
    expect(regions.byCode.get("440000")?.name).toBe("广东省");
    expect(regions.byCode.get("810000")?.name).toBe("香港特别行政区");
  });

  it("has every provincial capital outside the municipalities, SARs and Taiwan", () => {
    const withCapital = [...regions.byCode.values()].filter(
      (r) =>
        r.level === "province" && !["11", "12", "31", "50", "71", "81", "82"].includes(r.code.slice(0, 2)),
    );
    for (const p of withCapital)
      expect(regions.byCode.get(`${p.code.slice(0, 2)}0100`)?.provinceCode).toBe(p.code);
  });
});

describe("regionCode", () => {
  // prettier-ignore
  it.each([
    // official names, short names and one-character abbreviations
    ["北京", "110000"], ["北京市", "110000"], ["京", "110000"],
    ["广东", "440000"], ["广东省", "440000"], ["粤", "440000"],
    ["内蒙古", "150000"], ["内蒙古自治区", "150000"], ["蒙", "150000"], ["内蒙", "150000"],
    ["广西", "450000"], ["广西壮族自治区", "450000"], ["桂", "450000"], ["广西自治区", "450000"],
    ["新疆", "650000"], ["新疆维吾尔自治区", "650000"], ["新", "650000"],
    ["黑龙江", "230000"], ["黑", "230000"],
    ["上海", "310000"], ["沪", "310000"],
    ["重庆", "500000"], ["渝", "500000"],
    ["四川", "510000"], ["川", "510000"], ["蜀", "510000"],
    ["台湾", "710000"], ["台", "710000"], ["臺灣", "710000"],
    ["香港", "810000"], ["港", "810000"], ["香港特区", "810000"],
    ["澳门", "820000"], ["澳", "820000"], ["澳門", "820000"],
    // English and pinyin, any case and spacing
    ["Guangdong", "440000"], ["guangdong sheng", "440000"], ["GUANGDONG PROVINCE", "440000"], ["Guang Dong", "440000"],
    ["Beijing", "110000"], ["Peking", "110000"], ["Inner Mongolia", "150000"], ["Hong Kong SAR", "810000"],
    ["Macau", "820000"], ["Tibet", "540000"], ["Shanxi", "140000"], ["Shaanxi", "610000"],
    // cities: the city code when listed
    ["深圳", "440300"], ["深圳市", "440300"], ["广州", "440100"], ["苏州市", "320500"], ["Shenzhen", "440300"],
    ["Xi'an", "610100"], ["吉林市", "220200"], ["吉林", "220000"],
    // address-like text
    ["广东省深圳市南山区科技园", "440300"], ["广东 深圳", "440300"], ["广东-深圳", "440300"],
    ["中国广东省广州市", "440100"], ["吉林省吉林市", "220200"], ["北京市朝阳区", "110000"],
    ["广东省揭阳市", "440000"], // unlisted city: its province
    ["广东省杭州市", "440000"], // the city contradicts the province: trust the province
    ["Shenzhen, Guangdong", "440300"], ["Nanjing Road, Shanghai", "310000"],
    // full-width and stray spaces
    ["　广东省　", "440000"], ["ＧＵＡＮＧＤＯＮＧ", "440000"],
    // codes: listed, or the nearest listed ancestor
    ["440300", "440300"], ["440000", "440000"], ["440305", "440300"], ["445200", "440000"],
  ])("%j → %s", (input, expected) => {
    expect(regionCode(input, regions)).toBe(expected);
  });

  it.each(["", "  ", "火星", "Atlantis", "999999", "000000", "12345", "省", "市"])(
    "%j is unknown",
    (input) => {
      expect(regionCode(input, regions)).toBeNull();
    },
  );

  it("provinceCode takes any code to its province", () => {
    expect(provinceCode("440300")).toBe("440000");
    expect(provinceCode("110000")).toBe("110000");
  });
});

describe("buildRegionTable", () => {
  const header = "code,name,short_name,abbreviations,english,aliases";
  const cityHeader = "code,province_code,name,short_name,english";
  const build = (provinces: string, cities = cityHeader) =>
    buildRegionTable({ path: "p.csv", text: provinces }, { path: "c.csv", text: cities });

  it("skips comment lines and reads multi-valued fields", () => {
    const table = build(`# a comment\n${header}\n440000,广东省,广东,粤,Guangdong|Canton Province,\n`);
    expect(table.byLatin.get("cantonprovince")?.code).toBe("440000");
    expect(table.prefixes).toEqual(["广东省", "广东"]);
  });

  it("refuses a name that would point at two regions, naming the file and line", () => {
    expect(() => build(`${header}\n440000,广东省,广东,粤,,\n450000,广西,广东,桂,,`)).toThrow(
      new ConfigError('p.csv:3: expected "广东" to name one region, but it also names 440000 广东省'),
    );
  });

  it("refuses a wrong header, a bad code, a wrong field count and a city outside its province", () => {
    expect(() => build("code,name\n")).toThrow(/p\.csv:1: expected the header/);
    expect(() => build(`${header}\n44000,广东省,广东,粤,,`)).toThrow(/p\.csv:2: expected a province code/);
    expect(() => build(`${header}\n440000,广东省,广东,粤`)).toThrow(/p\.csv:2: expected 6 fields, got 4/);
    expect(() =>
      build(`${header}\n440000,广东省,广东,粤,,`, `${cityHeader}\n450100,440000,南宁市,南宁,`),
    ).toThrow(/c\.csv:2: expected province 440000 to be listed and to contain 450100/);
  });
});
