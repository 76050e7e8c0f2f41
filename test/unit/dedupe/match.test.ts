// The matcher end to end on small fixtures: strong keys, vetoes, placeholders, scoring, giant clusters.
import { describe, expect, it } from "vitest";
import { clusterRecords, type MatchRecord } from "../../../src/dedupe/match.js";
import { dedupeConfig, rec, regions } from "./fixtures.js";

/** Which records share a cluster, as groups of their names. */
function together(records: MatchRecord[], clusterOf: Int32Array): string[][] {
  const m = new Map<number, string[]>();
  clusterOf.forEach((c, i) => m.set(c, [...(m.get(c) ?? []), records[i]!.name]));
  return [...m.values()].filter((g) => g.length > 1);
}

const GD = "440000";

describe("clusterRecords", () => {
  it("links records sharing a credit code, mobile or email whatever their names", () => {
    const records = [
      rec({ name: "华信电子科技", credit_code: "91440300MA5ABCDE1X" }),
      rec({ name: "Huaxin Electronics", credit_code: "91440300MA5ABCDE1X" }),
      rec({ name: "腾达贸易", phone_e164: "+8613800138000" }),
      rec({ name: "腾达商贸", phone_e164: "+8613800138000" }),
      rec({ name: "鼎盛物流", email: "sales@dingsheng.com" }),
      rec({ name: "鼎盛供应链", email: "sales@dingsheng.com" }),
    ];
    const c = clusterRecords(records, dedupeConfig(), regions);
    expect(together(records, c.clusterOf)).toEqual([
      ["华信电子科技", "Huaxin Electronics"],
      ["腾达贸易", "腾达商贸"],
      ["鼎盛物流", "鼎盛供应链"],
    ]);
    expect(c.ruleOf).toEqual(["credit_code", "credit_code", "mobile", "mobile", "email", "email"]);
  });

  it("does not link two valid, different credit codes through a shared email", () => {
    const records = [
      rec({ name: "华信电子科技", credit_code: "91440300MA5ABCDE1X", email: "info@group.com" }),
      rec({ name: "华信精密机械", credit_code: "91440300MA5FGHIJ2Y", email: "info@group.com" }),
    ];
    const c = clusterRecords(records, dedupeConfig(), regions);
    expect(c.clusterCount).toBe(2);
    expect(c.stats.vetoedLinks).toBe(1);
  });

  it("ignores a strong key shared by more records than max_cluster_size (a placeholder)", () => {
    const records = ["甲", "乙", "丙", "丁"].map((x) =>
      rec({ name: `${x}贸易有限公司`, phone_e164: "+8613800000000" }),
    );
    const c = clusterRecords(records, dedupeConfig({ max_cluster_size: 3 }), regions);
    expect(c.clusterCount).toBe(4);
    expect(c.oversizedKeys).toEqual([{ key: "mobile", records: 4 }]);
  });

  it("links the same company name in the same city without strong keys", () => {
    const records = [
      rec({ name: "深圳市华信电子科技有限公司", name_key: "华信电子科技", region_code: GD }),
      rec({ name: "华信电子科技(深圳)有限公司", name_key: "华信电子科技", region_code: GD }),
    ];
    const c = clusterRecords(records, dedupeConfig(), regions);
    expect(c.clusterCount).toBe(1);
    expect(c.ruleOf).toEqual(["probabilistic", "probabilistic"]);
  });

  it("keeps the same name in two cities apart", () => {
    const records = [
      rec({ name: "深圳市华信电子科技有限公司", name_key: "华信电子科技", region_code: GD }),
      rec({ name: "广州市华信电子科技有限公司", name_key: "华信电子科技", region_code: GD }),
    ];
    expect(clusterRecords(records, dedupeConfig(), regions).clusterCount).toBe(2);
  });

  it("needs more than a homophone name: a shared company email domain links it", () => {
    const alone = [
      rec({ name: "深圳市华信电子科技有限公司", name_key: "华信电子科技", region_code: GD }),
      rec({ name: "深圳市华鑫电子科技有限公司", name_key: "华鑫电子科技", region_code: GD }),
    ];
    expect(clusterRecords(alone, dedupeConfig(), regions).clusterCount).toBe(2);
    const withDomain = [
      rec({ ...alone[0]!, email: "sales@sz-huaxin.com" }),
      rec({ ...alone[1]!, email: "finance@sz-huaxin.com" }),
    ];
    expect(clusterRecords(withDomain, dedupeConfig(), regions).clusterCount).toBe(1);
  });

  it("splits a chain longer than max_cluster_size on its weakest link and reports it", () => {
    // Five rows chained by alternating strong keys (r0–r1 an email, r1–r2 a mobile, …): one would-be cluster of 5.
    const [a, b] = ["a@chain.com", "b@chain.com"];
    const [m1, m2] = ["+8613800000001", "+8613800000002"];
    const records = [
      rec({ name: "链一贸易有限公司", email: a }),
      rec({ name: "链二贸易有限公司", email: a, phone_e164: m1 }),
      rec({ name: "链三贸易有限公司", email: b, phone_e164: m1 }),
      rec({ name: "链四贸易有限公司", email: b, phone_e164: m2 }),
      rec({ name: "链五贸易有限公司", phone_e164: m2 }),
    ];
    const c = clusterRecords(records, dedupeConfig({ max_cluster_size: 3 }), regions);
    expect(c.splits).toHaveLength(1);
    expect(c.splits[0]).toMatchObject({ records: 5 });
    expect(Math.max(...countSizes(c.clusterOf))).toBeLessThanOrEqual(3);
  });
});

function countSizes(clusterOf: Int32Array): number[] {
  const m = new Map<number, number>();
  for (const c of clusterOf) m.set(c, (m.get(c) ?? 0) + 1);
  return [...m.values()];
}
