import { describe, expect, it } from "vitest";
import { cleanCustomer, type RawCustomer } from "../../../src/clean/customer.js";
import { FIELD_FLAGS } from "../../../src/clean/reasons.js";
import { loadRegionTable } from "../../../src/clean/reference.js";

const ctx = { timezone: "Asia/Shanghai", regions: await loadRegionTable() };
const raw = (over: Partial<RawCustomer> = {}): RawCustomer => ({
  source_key: "C-0001",
  name: "深圳市腾达科技有限公司",
  phone: "138-0013-8000",
  email: "Sales@Tengda.CN",
  region: "广东省深圳市",
  credit_code: "91440300708461136T",
  created_at: "2025-06-30 09:15:00",
  updated_at: "2026-03-01 12:00:00+08",
  ...over,
});

describe("cleanCustomer", () => {
  it("normalises every field of a dirty but usable row", () => {
    const result = cleanCustomer(
      raw({
        source_key: " C-0001 ",
        name: "　深圳市腾达科技（集团）有限公司 ",
        phone: "＋８６ １３８ ００１３ ８０００",
        email: " ＳＡＬＥＳ＠tengda.cn",
        region: "粤",
        credit_code: "9144 0300 7084 6113 6t",
      }),
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      flags: [],
      row: {
        source_key: "C-0001",
        name: "深圳市腾达科技(集团)有限公司",
        name_key: "腾达科技",
        phone_e164: "+8613800138000",
        email: "sales@tengda.cn",
        region_code: "440000",
        credit_code: "91440300708461136T",
        created_at: "2025-06-30T01:15:00.000Z",
        updated_at: "2026-03-01T04:00:00.000Z",
      },
    });
  });

  it.each([
    ["phone", "12345", "phone_e164", "invalid_phone"],
    ["email", "not-an-email", "email", "invalid_email"],
    ["region", "火星", "region_code", "unknown_region"],
    ["credit_code", "91440300708461136U", "credit_code", "invalid_credit_code"],
    ["created_at", "0000-00-00 00:00:00", "created_at", "invalid_timestamp"],
    ["updated_at", "yesterday", "updated_at", "invalid_timestamp"],
  ] as const)("keeps the row when %s is %j, nulling %s and flagging %s", (field, value, column, flag) => {
    const result = cleanCustomer(raw({ [field]: value }), ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.row[column]).toBeNull();
    expect(result.flags).toEqual([flag]);
  });

  it("treats blank optional fields as unknown, without flags", () => {
    const result = cleanCustomer(
      raw({ phone: null, email: " ", region: "\u200B", credit_code: "", created_at: null, updated_at: "　" }),
      ctx,
    );
    expect(result).toMatchObject({
      ok: true,
      flags: [],
      row: {
        phone_e164: null,
        email: null,
        region_code: null,
        credit_code: null,
        created_at: null,
        updated_at: null,
      },
    });
  });

  it("flags each problem once, in field order", () => {
    const result = cleanCustomer(
      raw({ phone: "x", email: "x", region: "x", credit_code: "x", created_at: "x", updated_at: "x" }),
      ctx,
    );
    expect(result.ok && result.flags).toEqual([
      "invalid_phone",
      "invalid_email",
      "unknown_region",
      "invalid_credit_code",
      "invalid_timestamp",
    ]);
    // every field flag is one of the fixed codes
    expect(FIELD_FLAGS).toEqual(expect.arrayContaining(result.ok ? result.flags : []));
  });

  it.each([
    [{ source_key: null }, "source_key blank"],
    [{ source_key: "  " }, "source_key blank"],
    [{ name: null }, "name blank"],
    [{ name: " \u200B\u3000" }, "name blank"],
    [{ source_key: "", name: "" }, "source_key and name blank"],
  ])("rejects %j as missing_key", (over, detail) => {
    expect(cleanCustomer(raw(over), ctx)).toEqual({ ok: false, reason: "missing_key", detail });
  });

  it("keeps a person's name as the key", () => {
    const result = cleanCustomer(raw({ name: "张 三" }), ctx);
    expect(result.ok && result.row.name_key).toBe("张三");
  });
});
