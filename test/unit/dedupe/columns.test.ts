// The stage's columnar path (records streamed into columns, clusters as CSR, ids and golden records from
// the columns) gives what the object API gives.
import { describe, expect, it } from "vitest";
import { CustomerColumnsBuilder, columnsOf } from "../../../src/dedupe/customer-columns.js";
import {
  assignClusterIds,
  assignIds,
  clusterMembers,
  goldenRecord,
  sourceRank,
  survivors,
} from "../../../src/dedupe/golden.js";
import type { MatchRecord } from "../../../src/dedupe/features.js";
import { rec } from "./fixtures.js";

describe("CustomerColumnsBuilder", () => {
  it("keeps every field by row, shares repeated sources and region codes, and reads times as numbers", () => {
    const b = new CustomerColumnsBuilder();
    const rows = Array.from({ length: 5000 }, (_, i) =>
      rec({
        name: `华信${i}`,
        source: i % 2 ? "crm" : "erp",
        region_code: "440300",
        updated_at: i % 3 ? "2026-01-02T03:04:05Z" : null,
      }),
    );
    rows.forEach((r, i) => b.push({ ...r, previous_id: i % 5 ? null : `C${i}` }));
    const c = b.finish();
    expect(c.size).toBe(5000);
    expect(c.name[4321]).toBe("华信4321");
    expect(c.source_key[7]).toBe(rows[7]!.source_key);
    expect(c.previous_id[10]).toBe("C10");
    expect(c.previous_id[11]).toBeNull();
    expect(c.updatedAt[1]).toBe(Date.parse("2026-01-02T03:04:05Z"));
    expect(c.updatedAt[0]).toBeNaN();
    expect(c.updatedAt.length).toBe(5000);
    expect(new Set(c.region_code).size).toBe(1);
  });
});

describe("clusterMembers", () => {
  it("lists each cluster's records in record order", () => {
    const m = clusterMembers(Int32Array.from([1, 0, 1, 2, 0]), 3);
    expect(Array.from(m.start)).toEqual([0, 2, 4, 5]);
    expect(Array.from(m.members)).toEqual([1, 4, 0, 2, 3]);
  });
});

describe("columnar survivorship and ids", () => {
  // Clusters with mixed sources, missing values, equal update times and earlier ids that split and merge.
  const clusters: { members: MatchRecord[]; previousIds: (string | null)[] }[] = [];
  for (let c = 0; c < 60; c++) {
    const members = Array.from({ length: 1 + (c % 4) }, (_, k) =>
      rec({
        name: k % 3 === 1 ? "" : `客户${c}-${k}`,
        source: (c + k) % 3 === 0 ? "crm" : (c + k) % 3 === 1 ? "erp" : "shop",
        phone_e164: (c * k) % 2 ? `+86138${String(c * 10 + k).padStart(8, "0")}` : null,
        email: k === 2 ? null : `k${k}@c${c}.com`,
        region_code: k % 2 ? "110000" : null,
        credit_code: c % 5 === 0 && k === 0 ? `9144${c}` : null,
        updated_at: k % 2 ? "2025-06-01T00:00:00Z" : `2025-0${1 + (k % 9)}-15T00:00:00Z`,
        created_at: k === 1 ? null : `201${k}-0${1 + (c % 9)}-01T00:00:00Z`,
      }),
    );
    const previousIds = members.map((_m, k) => (c % 7 === 0 ? null : `C${Math.floor(c / 2) + (k % 2)}`));
    clusters.push({ members, previousIds });
  }
  const records = clusters.flatMap((c) => c.members);
  const cols = columnsOf(
    records,
    clusters.flatMap((c) => c.previousIds),
  );
  const clusterOf = Int32Array.from(clusters.flatMap((c, k) => c.members.map(() => k)));
  const groups = clusterMembers(clusterOf, clusters.length);

  it("picks the same values as goldenRecord", () => {
    const rank = sourceRank(["crm", "erp"]);
    clusters.forEach((cl, c) => {
      const from = survivors(cols, groups.members.subarray(groups.start[c]!, groups.start[c + 1]!), rank);
      const want = goldenRecord(cl.members, ["crm", "erp"]);
      const value = (
        f: keyof typeof from,
        k: "name" | "phone_e164" | "email" | "region_code" | "credit_code",
      ) => (from[f] < 0 ? null : records[from[f]]![k]);
      expect({
        name: value("name", "name"),
        phone_e164: value("phone_e164", "phone_e164"),
        email: value("email", "email"),
        region_code: value("region_code", "region_code"),
        credit_code: value("credit_code", "credit_code"),
        first_seen_at: from.first_seen_at < 0 ? null : records[from.first_seen_at]!.created_at,
      }).toEqual(want);
    });
  });

  it("assigns from the stage's CSR what it assigns from cluster objects, whatever the cluster order", () => {
    const want = assignIds(clusters);
    expect(assignClusterIds(cols, groups)).toEqual(want);
    expect(want.merges.length + want.splits).toBeGreaterThan(0);
    // The same clusters from records in reverse order: each cluster keeps its id.
    const reversed = [...clusters].reverse();
    const back = assignIds(reversed);
    expect(back.ids).toEqual([...want.ids].reverse());
    expect(back.merges).toEqual(want.merges);
  });
});
