import { describe, expect, it } from "vitest";
import { normalizeEmail } from "../../../src/clean/email.js";

describe("normalizeEmail", () => {
  it.each([
    [" Foo.Bar@Example.COM ", "foo.bar@example.com"],
    ["ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "foo@example.com"], // full-width
    ["zhang.san+crm@qq.com", "zhang.san+crm@qq.com"],
    ["li_si@mail.company.com.cn", "li_si@mail.company.com.cn"],
    ["wang@163。com", "wang@163.com"], // ideographic full stop typed for "."
    ["mailto:Info@Tengda.CN", "info@tengda.cn"],
    ["a@b\u200B.com", "a@b.com"],
    ["用户@例子.公司", "用户@例子.公司"], // internationalised address
  ])("%j → %j", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    "",
    "foo",
    "foo@",
    "@example.com",
    "foo@example",
    "foo@@example.com",
    "foo@bar@example.com",
    "foo bar@example.com",
    "foo@exa mple.com",
    "foo@.example.com",
    "foo@example..com",
    "foo@-example.com",
    "foo@example.c",
    ".foo@example.com",
    "foo.@example.com",
    "fo..o@example.com",
    "Zhang San <zs@example.com>",
    "a@b.com; c@d.com",
    "n/a",
  ])("%j is not an address", (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});
