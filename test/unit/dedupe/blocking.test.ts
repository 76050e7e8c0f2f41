// Blocking: which record pairs are compared, each pair once; oversized blocks by sorted neighbourhood.
import { describe, expect, it } from "vitest";
import { forEachCandidate } from "../../../src/dedupe/blocking.js";
import { buildFeatures } from "../../../src/dedupe/features.js";
import { dedupeConfig, rec, regions } from "./fixtures.js";

const GD = "440000";

function candidates(records: ReturnType<typeof rec>[], overrides = {}) {
  const t = buildFeatures(records, regions, new Set(["qq.com"]));
  const pairs: string[] = [];
  const stats = forEachCandidate(t, dedupeConfig(overrides), (i, j) => pairs.push(`${i}-${j}`));
  return { pairs, stats };
}

describe("forEachCandidate", () => {
  it("pairs records sharing a name key, a 字号 with its industry's initial, a fixed line or a company domain", () => {
    const { pairs } = candidates([
      rec({ name: "华信电子科技", region_code: GD }), // 0
      rec({ name: "华信电子", region_code: GD }), // 1: same 字号 and industry initial (电)
      rec({ name: "华鑫电子科技", region_code: GD }), // 2: a homophone 字号: same pinyin block
      rec({ name: "华信物流", region_code: GD }), // 3: same 字号, other industry: no block
      rec({ name: "腾达贸易", phone_e164: "+862083001234" }), // 4
      rec({ name: "鼎盛贸易", phone_e164: "+862083001234" }), // 5: same fixed line
      rec({ name: "远通物流", email: "a@yt.com" }), // 6
      rec({ name: "远通供应链", email: "b@yt.com" }), // 7: same company domain
      rec({ name: "甲", email: "1@qq.com" }), // 8
      rec({ name: "乙", email: "2@qq.com" }), // 9: free mail is no block
    ]);
    expect(pairs.sort()).toEqual(["0-1", "0-2", "1-2", "4-5", "6-7"]);
  });

  it("visits a pair sharing several blocks once", () => {
    const { pairs } = candidates([
      rec({ name: "华信电子科技", region_code: GD, phone_e164: "+862083001234", email: "a@hx.com" }),
      rec({ name: "华信电子科技", region_code: GD, phone_e164: "+862083001234", email: "b@hx.com" }),
    ]);
    expect(pairs).toEqual(["0-1"]);
  });

  it("keeps provinces apart", () => {
    const { pairs } = candidates([
      rec({ name: "华信电子科技", region_code: GD }),
      rec({ name: "华信电子科技", region_code: "310000" }),
    ]);
    expect(pairs).toEqual([]);
  });

  it("compares an oversized block by sorted neighbourhood only", () => {
    // 30 records on one switchboard: all pairs would be 435; with blocks capped at 10 and a window of 2,
    // each record meets the next two in pinyin order: 29 + 28 = 57 pairs.
    const records = Array.from({ length: 30 }, (_x, k) =>
      rec({ name: `公司${String(k).padStart(2, "0")}号`, phone_e164: "+862083001234" }),
    );
    const { pairs, stats } = candidates(records, { max_block_size: 10, window: 2, blocking: ["phone"] });
    expect(pairs).toHaveLength(57);
    expect(stats).toMatchObject({ oversizedBlocks: 1, largestBlock: 30, candidatePairs: 57 });
  });
});
