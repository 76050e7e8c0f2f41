import { describe, expect, it } from "vitest";
import { adjustmentRow, customerRow } from "../../../src/report/list-rows.js";
import { bar } from "../../../src/report/model-summary.js";
import { buildReportModel, reportContext, type Block, type BlockSheet } from "../../../src/report/model.js";
import { facts, options } from "./fixtures.js";

const block = (sheet: BlockSheet, title: string): Block => {
  const b = sheet.blocks.find((x) => x.title === title);
  if (!b) throw new Error(`no block ${title} in ${sheet.name}`);
  return b;
};

describe("buildReportModel", () => {
  it("computes the distribution in config order, with empty tiers, shares and a total", () => {
    const m = buildReportModel(facts(), options());
    expect(m.summary.tiers.map((t) => [t.code, t.customers, t.previous_customers])).toEqual([
      ["diamond", 2, 1],
      ["gold", 0, 2],
      ["silver", 3, 0],
      ["standard", 5, 5],
    ]);
    const diamond = m.summary.tiers[0]!;
    expect(diamond.customer_share).toBeCloseTo(0.2);
    expect(diamond.revenue_share).toBeCloseTo(0.6);
    expect(m.summary.tiers[1]!.customer_share).toBe(0);
    expect(m.summary.tiers[1]!.avg_score).toBeNull();
    expect(m.summary.customers).toBe(10);
    expect(m.summary.revenue_cny).toBe(10000);

    const dist = block(m.sheets[0] as BlockSheet, "等级分布");
    expect(dist.rows.map((r) => r[0])).toEqual(["钻石", "黄金", "白银", "普通", "合计"]);
    expect(dist.rows.at(-1)).toEqual(["合计", 10, 1, 10000, 1, (2 * 95 + 3 * 70 + 5 * 40) / 10]);
  });

  it("reports the head-customer share and data-quality numbers", () => {
    const s = buildReportModel(facts(), options()).summary;
    expect(s.head_revenue_share).toBeCloseTo(0.6);
    expect(s.head_customers).toBe(2);
    expect(s.duplicates_merged).toBe(4);
    expect(s.rejected_rows).toBe(1);
    expect(s.reconciliation_ok).toBe(true);
    const broken = facts();
    broken.sources[0]!.accepted = 10;
    expect(buildReportModel(broken, options()).summary.reconciliation_ok).toBe(false);
  });

  it("names sheets in Chinese by default and in English on request", () => {
    const zh = buildReportModel(facts(), options()).sheets.map((s) => s.name);
    expect(zh).toEqual([
      "概览",
      "迁移矩阵",
      "钻石客户",
      "黄金客户",
      "白银客户",
      "普通客户",
      "规则调整",
      "数据质量",
      "模型",
    ]);
    const en = buildReportModel(facts(), options("en")).sheets.map((s) => s.name);
    expect(en).toEqual([
      "Summary",
      "Migration",
      "Diamond customers",
      "Gold customers",
      "Silver customers",
      "Standard customers",
      "Overrides",
      "Data quality",
      "Model",
    ]);
    const m = buildReportModel(facts(), options("en"));
    expect(block(m.sheets[0] as BlockSheet, "Tier distribution").rows.at(-1)?.[0]).toBe("Total");
  });

  it("builds the migration matrix with new customers and totals", () => {
    const matrix = (buildReportModel(facts(), options()).sheets[1] as BlockSheet).blocks[0]!;
    expect(matrix.columns.map((c) => c.header)).toEqual([
      "上季度 \\ 本季度",
      "钻石",
      "黄金",
      "白银",
      "普通",
      "合计",
    ]);
    expect(matrix.rows).toEqual([
      ["钻石", 1, 0, 0, 0, 1],
      ["黄金", 1, 0, 1, 0, 2],
      ["白银", 0, 0, 0, 0, 0],
      ["普通", 0, 0, 0, 5, 5],
      ["新客户", 0, 0, 2, 0, 2],
      ["合计", 2, 0, 3, 5, 10],
    ]);
    expect(matrix.colorScale).toBe(true);
  });

  it("shows the stored model defensively: known keys labelled, matrices as tables, the rest flattened", () => {
    const sheet = buildReportModel(facts(), options("en")).sheets.at(-1) as BlockSheet;
    const stored = block(sheet, "Stored model");
    expect(stored.rows).toContainEqual(["Weights", "revenue", 0.5]);
    expect(stored.rows).toContainEqual(["Consistency ratio (CR)", "", 0.01]);
    expect(stored.rows).toContainEqual(["extra", "nested[0]", "true"]);
    expect(block(sheet, "Centroids").rows).toEqual([
      [0, 1, 2],
      [1, 3, 4],
    ]);
    const odd = facts();
    odd.tierModel = "not an object";
    expect(() => buildReportModel(odd, options())).not.toThrow();
    odd.tierModel = null;
    const missing = (buildReportModel(odd, options()).sheets.at(-1) as BlockSheet).blocks.at(-1)!;
    expect(String(missing.rows[0]?.[0])).toContain("etl.tier_models");
  });

  it("draws a pyramid bar proportional to the widest tier", () => {
    expect(bar(0, 10)).toBe("");
    expect(bar(10, 10)).toBe("█".repeat(30));
    expect(bar(1, 1000)).toBe("█");
  });
});

describe("list rows", () => {
  const ctx = reportContext(facts(), options());
  it("maps a customer with its tier move and rules", () => {
    const row = customerRow(
      {
        customer_id: "c1",
        customer_name: "甲",
        region_code: "310000",
        score: 91.5,
        revenue_cny: "1234.50",
        gross_profit_cny: "100.00",
        order_count: 3,
        recency_days: 4,
        previous_tier: "gold",
        final_tier: "diamond",
        rules_applied: [{ id: "vip-protection" }, "risk-cap"],
      },
      ctx,
    );
    expect(row).toEqual([
      "c1",
      "甲",
      "310000",
      91.5,
      1234.5,
      100,
      3,
      4,
      "黄金",
      "↑",
      "vip-protection, risk-cap",
    ]);
  });

  it("explains an adjustment by rule description and override reason", () => {
    const row = adjustmentRow(
      {
        customer_id: "c2",
        customer_name: "乙",
        previous_tier: "diamond",
        model_tier: "silver",
        final_tier: "gold",
        rules_applied: ["vip-protection"],
        tags: ["new"],
        is_override: true,
        override_reason: "战略签约",
        override_approver: "CFO",
        override_kind: "override",
      },
      ctx,
    );
    expect(row.slice(2, 6)).toEqual(["钻石", "白银", "黄金", "↑"]);
    expect(row[6]).toBe("vip-protection, 人工调整");
    expect(row[7]).toBe("vip-protection: 保级; 人工调整: 战略签约 (CFO); tags: new");
  });
});
