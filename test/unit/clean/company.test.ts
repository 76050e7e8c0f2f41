import { describe, expect, it } from "vitest";
import { companyNameKey, personOrCompanyDisplayName } from "../../../src/clean/company.js";
import { loadRegionTable } from "../../../src/clean/reference.js";

const regions = await loadRegionTable();
const key = (name: string) => companyNameKey(name, regions);

describe("companyNameKey", () => {
  it.each([
    [
      "legal form, a place prefix or a bracketed place",
      [
        "深圳市腾达科技有限公司",
        "腾达科技",
        "深圳腾达科技股份有限公司",
        "腾达科技有限责任公司",
        "广东省深圳市腾达科技有限公司",
        "腾达科技（深圳）有限公司",
        "腾达科技(深圳市)有限公司",
        "腾达科技集团有限公司",
        "腾达科技（集团）有限公司",
        "腾达科技集团",
        "深圳市腾达科技有限公司。",
        " 深圳市 腾达科技 有限公司 ",
        "深圳市腾达科技有限公司\u200B",
      ],
      "腾达科技",
    ],
    [
      "the English legal forms",
      [
        "Shenzhen Tengda Technology Co., Ltd.",
        "Tengda Technology Co.,Ltd",
        "TENGDA TECHNOLOGY CO LTD",
        "Tengda Technology Limited",
        "Tengda Technology Company Limited",
        "tengda technology",
        "Ｔｅｎｇｄａ　Ｔｅｃｈｎｏｌｏｇｙ Co., Ltd.",
        "Tengda Technology (Guangdong) Co., Ltd.",
      ],
      "tengdatechnology",
    ],
    ["(中国) as a bracketed place", ["西门子（中国）有限公司", "西门子有限公司", "西门子"], "西门子"],
    ["Inc. and Corp.", ["Apple Inc.", "Apple Inc", "APPLE CORP.", "Apple Corporation"], "apple"],
  ])("%s share one key", (_why, names, expected) => {
    for (const name of names) expect(key(name), name).toBe(expected);
  });

  it.each([
    ["a different trade name", "深圳市腾达科技有限公司", "深圳市腾飞科技有限公司"],
    ["a different industry word", "腾达科技有限公司", "腾达网络科技有限公司"],
    // A place prefix goes only when three or more characters remain, so banks and universities named
    // after their city keep it.
    ["banks named after their city", "北京银行股份有限公司", "上海银行股份有限公司"],
    ["universities named after their city", "北京大学", "南京大学"],
    ["a two-character trade name after a place", "深圳腾达有限公司", "广州腾达有限公司"],
    [
      "Chinese and its English translation (matching across scripts is dedupe's job)",
      "腾达科技",
      "Tengda Technology",
    ],
  ])("%s keep distinct keys", (_why, a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it.each([
    ["北京银行股份有限公司", "北京银行"],
    ["张三", "张三"],
    ["Li Lei", "lilei"],
    ["有限公司", "有限公司"], // nothing but a legal form: kept rather than emptied
    ["股份有限公司", "股份有限公司"],
    ["Co., Ltd.", "coltd"],
    ["深圳市", "深圳市"],
    ["---", "---"], // punctuation only: not the empty key every such name would share
    ["Costco", "costco"], // "co" is a suffix only as a separate word
  ])("%j → %j", (name, expected) => {
    expect(key(name)).toBe(expected);
  });
});

describe("personOrCompanyDisplayName", () => {
  it.each([
    ["  深圳市腾达科技有限公司 ", "深圳市腾达科技有限公司"],
    ["腾达科技（深圳）有限公司", "腾达科技(深圳)有限公司"],
    ["张\u200B三", "张三"],
    ["Tengda   Technology\tCo., Ltd.", "Tengda Technology Co., Ltd."],
  ])("%j → %j", (name, expected) => {
    expect(personOrCompanyDisplayName(name)).toBe(expected);
  });
});
