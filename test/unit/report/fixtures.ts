// A small published quarter as report facts, shared by the model tests.
import type { ReportFacts } from "../../../src/report/facts.js";
import type { ReportOptions } from "../../../src/report/model.js";

export const tiers = [
  { code: "diamond", zh: "钻石", en: "Diamond", min_score: 90 },
  { code: "gold", zh: "黄金", en: "Gold", min_score: 80 },
  { code: "silver", zh: "白银", en: "Silver", min_score: 60 },
  { code: "standard", zh: "普通", en: "Standard", min_score: 0 },
];

export const options = (locale: ReportOptions["locale"] = "zh-CN"): ReportOptions => ({
  tiers,
  rules: [
    {
      id: "vip-protection",
      description: "保级",
      when: { field: "previous_tier", op: "in", value: ["diamond"] },
      then: { max_drop: 1 },
    },
  ],
  locale,
  timezone: "Asia/Shanghai",
  topShare: 0.2,
});

export function facts(): ReportFacts {
  const at = new Date("2026-01-01T02:00:00Z");
  return {
    run: {
      run_id: "2025Q4-cron-a1",
      quarter: "2025Q4",
      trigger: "cron",
      status: "running",
      config_hash: "abc",
      as_of_at: at,
      created_at: at,
      started_at: at,
      finished_at: null,
    },
    stages: [
      {
        stage: "extract",
        status: "succeeded",
        attempts: 1,
        rows_in: null,
        rows_out: 100,
        rows_rejected: 0,
        started_at: at,
        finished_at: new Date(at.getTime() + 5000),
      },
    ],
    generatedAt: new Date("2026-01-01T03:00:00Z"),
    publish: { customers: 10, of_run: 10, published_run_id: "2025Q4-cron-a1", published_customers: 10 },
    // gold has no customers this quarter: it must still be listed, with zeros.
    current: [
      { tier: "standard", customers: 5, revenue_cny: 1000, avg_score: 40 },
      { tier: "diamond", customers: 2, revenue_cny: 6000, avg_score: 95 },
      { tier: "silver", customers: 3, revenue_cny: 3000, avg_score: 70 },
    ],
    previousQuarter: "2025Q3",
    previous: [
      { tier: "diamond", customers: 1, revenue_cny: 5000, avg_score: 92 },
      { tier: "gold", customers: 2, revenue_cny: 3000, avg_score: 85 },
      { tier: "standard", customers: 5, revenue_cny: 900, avg_score: 30 },
    ],
    head: { customers: 10, head_customers: 2, head_revenue_cny: 6000, total_revenue_cny: 10000 },
    migration: [
      { previous_tier: "diamond", final_tier: "diamond", customers: 1 },
      { previous_tier: "gold", final_tier: "diamond", customers: 1 },
      { previous_tier: "gold", final_tier: "silver", customers: 1 },
      { previous_tier: null, final_tier: "silver", customers: 2 },
      { previous_tier: "standard", final_tier: "standard", customers: 5 },
    ],
    sources: [
      { source: "erp", entity: "customer", extracted: 12, accepted: 11, rejected: 1 },
      { source: "crm", entity: "customer", extracted: 3, accepted: 3, rejected: 0 },
    ],
    rejects: [{ source: "erp", entity: "customer", reason: "missing_key", rows: 1 }],
    flags: [],
    dedupe: { source_rows: 14, golden_customers: 10, merges: 1 },
    tierModel: {
      weights: { revenue: 0.5, risk: 0.2 },
      cr: 0.01,
      centroids: [
        [1, 2],
        [3, 4],
      ],
      features: ["a", "b"],
      extra: { nested: [true] },
    },
    clusters: [
      { cluster: 0, customers: 4, avg_score: 80 },
      { cluster: 1, customers: 6, avg_score: 50 },
    ],
    agreement: { customers: 10, compared: 10, agreeing: 9 },
  };
}
