// Survivorship and stable ids: which values a golden record takes, which id a cluster keeps.
import { describe, expect, it } from "vitest";
import { assignIds, goldenRecord, newCustomerId } from "../../../src/dedupe/golden.js";
import { rec } from "./fixtures.js";

describe("goldenRecord (survivorship)", () => {
  const erpOld = rec({
    source: "erp",
    name: "深圳市华信电子科技有限公司",
    phone_e164: "+8613800138000",
    email: "old@huaxin.com",
    region_code: "440300",
    credit_code: "91440300MA5ABCDE1X",
    updated_at: "2025-01-01T00:00:00.000Z",
    created_at: "2019-05-01T00:00:00.000Z",
  });
  const erpNew = rec({
    source: "erp",
    name: "华信电子",
    phone_e164: null,
    email: "new@huaxin.com",
    updated_at: "2026-01-01T00:00:00.000Z",
    created_at: "2021-03-01T00:00:00.000Z",
  });
  const crm = rec({
    source: "crm",
    name: "华信电子科技有限公司",
    email: null,
    updated_at: "2024-01-01T00:00:00.000Z",
    created_at: "2020-01-01T00:00:00.000Z",
  });

  it("takes each field from the first source in priority with a value, then the most recent row", () => {
    const g = goldenRecord([erpOld, erpNew, crm], ["crm", "erp"]);
    expect(g).toEqual({
      name: "华信电子科技有限公司", // crm first
      phone_e164: "+8613800138000", // crm has none; the newer erp row has none; the older one has it
      email: "new@huaxin.com", // crm has none; the most recently updated erp row
      region_code: "440300",
      credit_code: "91440300MA5ABCDE1X",
      first_seen_at: "2019-05-01T00:00:00.000Z", // the earliest creation across rows
    });
  });

  it("ranks sources missing from the priority list last", () => {
    const other = rec({ source: "shop", name: "华信", updated_at: "2027-01-01T00:00:00.000Z" });
    expect(goldenRecord([other, erpOld], ["crm", "erp"]).name).toBe("深圳市华信电子科技有限公司");
  });
});

describe("assignIds (stable customer ids)", () => {
  const a = rec({ source: "crm", source_key: "A", name: "a" });
  const b = rec({ source: "erp", source_key: "B", name: "b" });
  const c = rec({ source: "erp", source_key: "C", name: "c" });
  const d = rec({ source: "erp", source_key: "D", name: "d" });

  it("gives a new cluster an id derived from its smallest source row, whatever the order", () => {
    const one = assignIds([{ members: [b, a], previousIds: [null, null] }]);
    const two = assignIds([{ members: [a, b], previousIds: [null, null] }]);
    expect(one.ids).toEqual(two.ids);
    expect(one.ids[0]).toBe(newCustomerId([a]));
    expect(one.ids[0]).toMatch(/^C[0-9A-F]{12}$/);
  });

  it("keeps an earlier id when a new row joins the cluster", () => {
    const r = assignIds([{ members: [a, b, c], previousIds: ["C1", "C1", null] }]);
    expect(r).toEqual({ ids: ["C1"], merges: [], splits: 0 });
  });

  it("records a merge when two earlier customers turn out to be one: the id with most rows survives", () => {
    const r = assignIds([{ members: [a, b, c], previousIds: ["C2", "C9", "C9"] }]);
    expect(r.ids).toEqual(["C9"]);
    expect(r.merges).toEqual([{ merged: "C2", survivor: "C9" }]);
  });

  it("breaks a tie between earlier ids by the smaller id", () => {
    const r = assignIds([{ members: [a, b], previousIds: ["C7", "C3"] }]);
    expect(r.ids).toEqual(["C3"]);
    expect(r.merges).toEqual([{ merged: "C7", survivor: "C3" }]);
  });

  it("leaves an earlier id with the part of a split that holds most of its rows; the other part gets a new id", () => {
    const r = assignIds([
      { members: [a], previousIds: ["C5"] },
      { members: [b, c], previousIds: ["C5", "C5"] },
    ]);
    expect(r.ids[1]).toBe("C5");
    expect(r.ids[0]).not.toBe("C5");
    expect(r.splits).toBe(1);
  });

  it("never hands out one id twice, even when a split-off part's own derived id is the earlier one", () => {
    // An earlier cluster {C, D} got the id derived from C. Now C and D are apart: one part keeps the id,
    // and the other may not take it again, although C's own derived id is that very id.
    const id = newCustomerId([c]);
    const r = assignIds([
      { members: [c], previousIds: [id] },
      { members: [d], previousIds: [id] },
    ]);
    expect(new Set(r.ids).size).toBe(2);
    expect(r.ids).toContain(id);
  });
});
