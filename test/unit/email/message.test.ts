import { describe, expect, it } from "vitest";
import {
  buildMessage,
  messageIdFor,
  parseSummary,
  shortHash,
  type MessageInput,
} from "../../../src/email/message.js";
import type { ReportSummary } from "../../../src/report/model.js";

const tiers = [
  { code: "diamond", zh: "钻石", en: "Diamond", min_score: 90 },
  { code: "standard", zh: "普通", en: "Standard", min_score: 0 },
];
const summary: ReportSummary = {
  run_id: "2025Q4-cron-a1",
  quarter: "2025Q4",
  previous_quarter: "2025Q3",
  locale: "zh-CN",
  customers: 1200,
  revenue_cny: 9876543.21,
  head_top_share: 0.2,
  head_customers: 240,
  head_revenue_share: 0.8125,
  tiers: [
    {
      code: "diamond",
      customers: 200,
      customer_share: 1 / 6,
      revenue_cny: 8000000,
      revenue_share: 0.81,
      avg_score: 93,
      previous_customers: 180,
    },
    {
      code: "standard",
      customers: 1000,
      customer_share: 5 / 6,
      revenue_cny: 1876543.21,
      revenue_share: 0.19,
      avg_score: 40,
      previous_customers: null,
    },
  ],
  rejected_rows: 3,
  duplicates_merged: 12,
  reconciliation_ok: true,
};
const input = (over: Partial<MessageInput> = {}): MessageInput => ({
  report: {
    runId: "2025Q4-cron-a1",
    fileName: "retier-2025Q4-2025Q4-cron-a1.xlsx",
    filePath: "/srv/out/reports/r.xlsx",
    sizeBytes: 5000,
  },
  summary,
  recipient: "finance@example.com",
  from: "retier <retier@example.com>",
  locale: "zh-CN",
  tiers,
  maxAttachmentBytes: 10_000,
  ...over,
});

describe("buildMessage", () => {
  it("is deterministic, with a Message-ID from run id and a hash of the recipient", () => {
    const a = buildMessage(input());
    expect(buildMessage(input())).toEqual(a);
    expect(a.messageId).toBe(`<retier.2025Q4-cron-a1.${shortHash("finance@example.com")}@retier>`);
    expect(a.messageId).not.toContain("finance");
    expect(shortHash(" Finance@Example.com ")).toBe(shortHash("finance@example.com"));
    expect(messageIdFor("r1", "a@x.cn")).not.toBe(messageIdFor("r1", "b@x.cn"));
  });

  it("writes a Chinese body with the tier table and the attachment name", () => {
    const m = buildMessage(input());
    expect(m.subject).toBe("客户分级报告 2025Q4（运行 2025Q4-cron-a1）");
    expect(m.attach).toBe(true);
    expect(m.text).toContain("钻石");
    expect(m.text).toContain("8,000,000.00");
    expect(m.text).toContain("81.3%");
    expect(m.text).toContain("retier-2025Q4-2025Q4-cron-a1.xlsx");
    expect(m.html).toContain("<table");
    expect(m.html).toContain("<td");
  });

  it("writes English when the report is English", () => {
    const m = buildMessage(input({ locale: "en" }));
    expect(m.subject).toBe("Customer tiering report 2025Q4 (run 2025Q4-cron-a1)");
    expect(m.text).toContain("Diamond");
    expect(m.text).toContain("1,200 customers");
  });

  it("leaves out an attachment over the limit and says where the file is", () => {
    const m = buildMessage(input({ maxAttachmentBytes: 4000 }));
    expect(m.attach).toBe(false);
    expect(m.text).toContain("/srv/out/reports/r.xlsx");
    expect(m.text).toContain("etl.report_files（run_id = 2025Q4-cron-a1）");
    expect(m.html).toContain("/srv/out/reports/r.xlsx");
  });

  it("escapes HTML in anything it shows", () => {
    const m = buildMessage(
      input({ tiers: [{ code: "diamond", zh: "<b>钻石</b>", en: "x", min_score: 90 }] }),
    );
    expect(m.html).toContain("&lt;b&gt;钻石&lt;/b&gt;");
    expect(m.html).not.toContain("<b>钻石");
  });
});

describe("parseSummary", () => {
  it("accepts what the report stage stores and names what is wrong otherwise", () => {
    expect(parseSummary(JSON.parse(JSON.stringify(summary)), "x")).toEqual(summary);
    expect(() => parseSummary({ ...summary, tiers: "no" }, "etl.report_files.summary")).toThrow(
      /etl.report_files.summary.*tiers/,
    );
  });
});
