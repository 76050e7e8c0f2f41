// Report and email stages against a real warehouse and an in-process SMTP server: a small published
// quarter goes in by SQL, a workbook and mails come out, and both are read back the way finance would.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type AppConfig } from "../../src/config/load.js";
import { ensureDatabase, migrate } from "../../src/db/migrate.js";
import { connectWarehouse, type Db } from "../../src/db/warehouse.js";
import { sendReportEmail } from "../../src/email/email.service.js";
import { messageIdFor } from "../../src/email/message.js";
import { DataError, TransientError } from "../../src/errors.js";
import { createLogger, type Logger } from "../../src/log.js";
import { buildReport, type BuiltReport } from "../../src/report/report.service.js";
import { startSmtpCapture, type SmtpCapture } from "../helpers/smtp.js";

/** exceljs reads conditional formatting back but does not declare it in its types. */
const colourRules = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] })
    .conditionalFormattings;

const PG = "postgres://postgres@127.0.0.1:5432";
const RECIPIENTS = ["finance@example.com", "cfo@example.com"];
const RUN = "2025Q4-manual-t1";
const PREV_RUN = "2025Q3-manual-t0";

// 2025Q4: diamond 2, gold 0 (an empty tier must still show), silver 3, standard 5.
// [id, name, score, revenue, model tier, final tier, previous tier, rules_applied, is_override]
type Customer = [string, string, number, number, string, string, string | null, unknown[], boolean];
const Q4: Customer[] = [
  ["c01", "上海甲科技有限公司", 97, 90_000, "diamond", "diamond", "diamond", [], false],
  ["c02", "北京乙贸易", 93, 80_000, "diamond", "diamond", null, ["new-customer"], false],
  ["c03", "丙实业", 62, 20_000, "silver", "standard", "silver", [], true],
  ["c04", "丁集团", 75, 15_000, "silver", "silver", "gold", [], false],
  ["c05", '=HYPERLINK("x")', 70, 12_000, "silver", "silver", null, [], false],
  [
    "c06",
    "戊商行",
    65,
    10_000,
    "standard",
    "silver",
    "gold",
    [{ id: "vip-protection", from: "standard", to: "silver" }],
    false,
  ],
  ["c07", "己", 50, 5_000, "standard", "standard", "standard", [], false],
  ["c08", "庚", 40, 3_000, "standard", "standard", "standard", [], false],
  ["c09", "辛", 30, 2_000, "standard", "standard", "standard", [], false],
  ["c10", "壬", 20, 1_000.5, "standard", "standard", null, [], false],
];
const Q3: Customer[] = [
  ["c01", "上海甲科技有限公司", 96, 85_000, "diamond", "diamond", null, [], false],
  ["c03", "丙实业", 70, 18_000, "silver", "silver", null, [], false],
  ["c04", "丁集团", 82, 30_000, "gold", "gold", null, [], false],
  ["c06", "戊商行", 81, 25_000, "gold", "gold", null, [], false],
  ["c07", "己", 45, 4_000, "standard", "standard", null, [], false],
  ["c08", "庚", 35, 2_500, "standard", "standard", null, [], false],
  ["c09", "辛", 25, 1_500, "standard", "standard", null, [], false],
  ["c11", "癸", 66, 9_000, "silver", "silver", null, [], false],
];

// The ledger and stage outputs of the two runs, as the earlier stages would have left them.
const LEDGER_SQL = `
INSERT INTO etl.runs (run_id, quarter, trigger, config_hash, status, as_of_at, started_at) VALUES
  ('${PREV_RUN}', '2025Q3', 'manual', 'test', 'succeeded', '2025-10-01T02:00:00+08', '2025-10-01T02:00:00+08'),
  ('${RUN}', '2025Q4', 'manual', 'test', 'running', '2026-01-01T02:00:00+08', '2026-01-01T02:00:00+08');
INSERT INTO etl.stage_runs (run_id, stage, stage_order, status, attempts, rows_out)
SELECT '${RUN}', s, o, CASE WHEN s = 'report' THEN 'running' ELSE 'succeeded' END, 1, 10
FROM unnest(ARRAY['extract', 'clean', 'dedupe', 'features', 'tier', 'load', 'report']) WITH ORDINALITY AS t (s, o);
INSERT INTO etl.source_counts (run_id, source, entity, extracted, accepted, rejected) VALUES
  ('${RUN}', 'erp', 'customer', 12, 11, 1), ('${RUN}', 'crm', 'customer', 3, 3, 0), ('${RUN}', 'erp', 'order', 40, 38, 2);
INSERT INTO etl.rejects (run_id, source, entity, reason, raw) VALUES
  ('${RUN}', 'erp', 'customer', 'missing_key', '{"phone": "13812345678"}'),
  ('${RUN}', 'erp', 'order', 'orphan_order', '{}'), ('${RUN}', 'erp', 'order', 'negative_amount', '{}');
INSERT INTO etl.field_flags (run_id, source, entity, flag, row_count) VALUES ('${RUN}', 'crm', 'customer', 'invalid_email', 2);
-- 14 source rows resolve to 10 golden customers: 4 duplicates merged.
INSERT INTO core.int_customer_xref (run_id, source, source_key, customer_id, match_rule)
SELECT '${RUN}', 'erp', 'e' || i, 'c' || lpad(i::text, 2, '0'), 'new' FROM generate_series(1, 10) i
UNION ALL VALUES ('${RUN}', 'erp', 'e99', 'c01', 'phone'), ('${RUN}', 'crm', 'k2', 'c02', 'credit_code'),
  ('${RUN}', 'crm', 'k3', 'c03', 'credit_code'), ('${RUN}', 'crm', 'k4', 'c04', 'credit_code');
INSERT INTO core.customer_merges (run_id, merged_customer_id, survivor_customer_id) VALUES ('${RUN}', 'c99', 'c01');
INSERT INTO etl.tier_models (run_id, quarter, config_hash, model) VALUES ('${RUN}', '2025Q4', 'test',
  '{"weights": {"revenue": 0.3, "credit": 0.1}, "cr": 0.012, "centroids": [[0.9, 0.8], [0.5, 0.4], [0.2, 0.1]],
    "features": ["revenue", "credit"], "seed": 20260101}');
INSERT INTO etl.overrides (customer_id, tier, reason, approver, valid_from) VALUES ('c03', 'standard', '财务要求降级', 'cfo', '2025-10-15');
`;

async function seed(db: Db): Promise<void> {
  await db.raw(LEDGER_SQL);
  const fct =
    (quarter: string, run_id: string) =>
    ([id, name, score, revenue, model_tier, final_tier, previous_tier, rules, is_override]: Customer) => ({
      quarter,
      customer_id: id,
      run_id,
      customer_name: name,
      region_code: "310000",
      revenue_cny: revenue,
      gross_profit_cny: revenue / 4,
      order_count: 3,
      recency_days: 10,
      tenure_days: 400,
      defaults_12m: 0,
      score,
      model_tier,
      final_tier,
      previous_tier,
      rules_applied: JSON.stringify(rules),
      top_contributors: "[]",
      tags: [],
      is_override,
      published_at: new Date(),
    });
  await db("marts.fct_customer_quarter").insert([
    ...Q3.map(fct("2025Q3", PREV_RUN)),
    ...Q4.map(fct("2025Q4", RUN)),
  ]);
  await db("marts.published_quarters").insert([
    { quarter: "2025Q3", run_id: PREV_RUN, customers: Q3.length, published_at: new Date() },
    { quarter: "2025Q4", run_id: RUN, customers: Q4.length, published_at: new Date() },
  ]);
}

let dbName: string;
let url: string;
let db: Db;
let outDir: string;
let smtp: SmtpCapture;
let config: AppConfig;
let log: Logger;
const logLines: string[] = [];

function configWith(overrides: Record<string, unknown> = {}): AppConfig {
  return loadConfig({
    path: "config/default.yaml",
    env: { WAREHOUSE_URL: url, SMTP_URL: smtp.url, RETIER_OUT_DIR: outDir },
    overrides: { report: { recipients: RECIPIENTS, ...overrides } },
  });
}

beforeAll(async () => {
  dbName = `retier_t_report_${randomBytes(4).toString("hex")}`;
  url = `${PG}/${dbName}`;
  await ensureDatabase(url);
  db = connectWarehouse(url);
  await migrate(db);
  await seed(db);
  outDir = await mkdtemp(join(tmpdir(), "retier-report-"));
  smtp = await startSmtpCapture();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  });
  log = createLogger({ level: "debug", json: true, stream: sink });
  config = configWith();
});

afterAll(async () => {
  await db?.destroy();
  await smtp?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
});

const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? "" : String(v));

/** The rows under a block title on a sheet: its header, then body rows until a blank row. */
function blockRows(ws: ExcelJS.Worksheet, title: string): ExcelJS.Row[] {
  let start = 0;
  ws.eachRow((row, n) => {
    if (!start && text(row.getCell(1).value) === title) start = n;
  });
  expect(start, `block ${title} on ${ws.name}`).toBeGreaterThan(0);
  const rows: ExcelJS.Row[] = [];
  for (let n = start + 2; text(ws.getRow(n).getCell(1).value) !== ""; n++) rows.push(ws.getRow(n));
  return rows;
}

describe("report and email", () => {
  let report: BuiltReport;
  let wb: ExcelJS.Workbook;

  it("builds the workbook and stores it in etl.report_files", async () => {
    report = await buildReport(db, config, RUN, log);
    expect(report.fileName).toBe(`retier-2025Q4-${RUN}.xlsx`);
    expect(report.filePath).toBe(join(outDir, "reports", report.fileName));
    const bytes = await readFile(report.filePath);
    expect(bytes.length).toBe(report.sizeBytes);
    const stored = await db("etl.report_files").where({ run_id: RUN }).first();
    expect(stored.sha256).toBe(report.sha256);
    expect(Buffer.compare(stored.bytes as Buffer, bytes)).toBe(0);
    expect(stored.summary.customers).toBe(Q4.length);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report.filePath);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
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
  });

  it("shows per-tier counts and revenue equal to SQL over marts.fct_customer_quarter", async () => {
    const { rows } = await db.raw(
      `SELECT final_tier, count(*)::int AS n, sum(revenue_cny)::float8 AS revenue
       FROM marts.fct_customer_quarter WHERE quarter = '2025Q4' GROUP BY final_tier`,
    );
    const expected = new Map<string, { n: number; revenue: number }>(
      rows.map((r: { final_tier: string; n: number; revenue: number }) => [r.final_tier, r]),
    );
    const body = blockRows(wb.getWorksheet("概览")!, "等级分布");
    const byName = new Map(body.map((r) => [text(r.getCell(1).value), r]));
    for (const t of config.tiers) {
      const row = byName.get(t.zh);
      expect(row, t.zh).toBeDefined();
      const want = expected.get(t.code) ?? { n: 0, revenue: 0 };
      expect(row!.getCell(2).value).toBe(want.n);
      expect(row!.getCell(4).value).toBeCloseTo(want.revenue, 2);
      expect(row!.getCell(4).numFmt).toBe('"¥"#,##0.00');
      expect(row!.getCell(3).numFmt).toBe("0.0%");
    }
    expect(byName.get("合计")!.getCell(2).value).toBe(Q4.length);
    expect(report.summary.tiers.find((t) => t.code === "gold")?.customers).toBe(0);
    // Head customers: the top 20% of the fixture's customers by revenue.
    const revenues = Q4.map((c) => c[3]).sort((a, b) => b - a);
    const n = Math.ceil(Q4.length * 0.2);
    const head = blockRows(wb.getWorksheet("概览")!, "头部客户贡献")[0]!;
    expect(head.getCell(2).value).toBe(n);
    const total = revenues.reduce((a, b) => a + b, 0);
    expect(head.getCell(4).value).toBeCloseTo(revenues.slice(0, n).reduce((a, b) => a + b, 0) / total, 9);
    expect(report.summary.revenue_cny).toBeCloseTo(total, 2);
  });

  it("lists each tier best first, never writes a name as a formula, and freezes the header", async () => {
    const silver = wb.getWorksheet("白银客户")!;
    expect(silver.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(silver.actualRowCount).toBe(1 + 3);
    const ids = [2, 3, 4].map((n) => text(silver.getRow(n).getCell(1).value));
    expect(ids).toEqual(["c04", "c05", "c06"]);
    const evil = silver.getRow(3).getCell(2);
    expect(evil.value).toBe(`'=HYPERLINK("x")`);
    expect(evil.formula).toBeUndefined();
    expect(evil.type).toBe(ExcelJS.ValueType.String);
    const sheetXml = (await readFile(report.filePath)).includes(Buffer.from("<f>"));
    expect(sheetXml).toBe(false);
    expect(wb.getWorksheet("黄金客户")!.actualRowCount).toBe(1);
    // Dates are shown in Asia/Shanghai: the run's as-of instant is 02:00 local.
    const asOf = blockRows(wb.getWorksheet("概览")!, "运行信息").find(
      (r) => text(r.getCell(1).value) === "数据截至",
    )!;
    expect((asOf.getCell(2).value as Date).toISOString()).toBe("2026-01-01T02:00:00.000Z");
  });

  it("explains rule adjustments and shows data quality and the model", () => {
    const adj = wb.getWorksheet("规则调整")!;
    const rows = new Map<string, ExcelJS.Row>();
    adj.eachRow((r, n) => n > 1 && rows.set(text(r.getCell(1).value), r));
    expect([...rows.keys()].sort()).toEqual(["c02", "c03", "c06"]);
    expect(text(rows.get("c03")!.getCell(8).value)).toContain("财务要求降级");
    expect(text(rows.get("c06")!.getCell(8).value)).toContain("保级");
    expect(text(rows.get("c02")!.getCell(8).value)).toContain("新客户");
    const quality = wb.getWorksheet("数据质量")!;
    const dedupe = blockRows(quality, "去重")[0]!;
    expect([1, 2, 3].map((c) => dedupe.getCell(c).value)).toEqual([14, 10, 4]);
    const reasons = blockRows(quality, "拒绝原因").map((r) => text(r.getCell(3).value));
    expect(reasons.sort()).toEqual(["missing_key", "negative_amount", "orphan_order"]);
    const model = wb.getWorksheet("模型")!;
    const params = blockRows(model, "模型参数").map((r) => [
      text(r.getCell(1).value),
      text(r.getCell(2).value),
    ]);
    expect(params).toContainEqual(["权重", "revenue"]);
    const matrix = wb.getWorksheet("迁移矩阵")!;
    expect(colourRules(matrix)[0]?.rules[0]?.type).toBe("colorScale");
  });

  it("replaces the file and the row when the report is built again", async () => {
    const again = await buildReport(db, config, RUN, log);
    expect(again.filePath).toBe(report.filePath);
    const { rows } = await db.raw("SELECT count(*)::int AS n FROM etl.report_files WHERE run_id = ?", [RUN]);
    expect(rows[0].n).toBe(1);
    report = again;
  });

  it("refuses a run that did not publish its quarter", async () => {
    await expect(buildReport(db, config, PREV_RUN.replace("2025Q3", "2025Q2"), log)).rejects.toBeInstanceOf(
      DataError,
    );
  });

  it("mails each recipient once, with the workbook attached", async () => {
    const r = await sendReportEmail(db, config, RUN, log);
    expect(r).toEqual({ sent: RECIPIENTS, skipped: [] });
    expect(smtp.messages).toHaveLength(2);
    for (const [i, m] of smtp.messages.entries()) {
      expect(m.envelopeTo).toEqual([RECIPIENTS[i]]);
      expect(m.parsed.messageId).toBe(messageIdFor(RUN, RECIPIENTS[i]!));
      expect(m.parsed.subject).toBe(`客户分级报告 2025Q4（运行 ${RUN}）`);
      expect(m.parsed.text).toContain("钻石");
      expect(m.parsed.attachments).toHaveLength(1);
      const att = new ExcelJS.Workbook();
      await att.xlsx.load(m.parsed.attachments[0]!.content as unknown as ExcelJS.Buffer);
      expect(att.getWorksheet("概览")).toBeDefined();
    }
    const outbox = await db("etl.email_outbox").where({ run_id: RUN }).orderBy("recipient");
    expect(outbox.map((o: { status: string }) => o.status)).toEqual(["sent", "sent"]);
    expect(logLines.join("")).not.toMatch(/finance@|cfo@/);
  });

  it("sends nothing more when called again, resends a crashed 'sending' row, and resends all with force", async () => {
    expect(await sendReportEmail(db, config, RUN, log)).toEqual({ sent: [], skipped: RECIPIENTS });
    expect(smtp.messages).toHaveLength(2);
    await db("etl.email_outbox")
      .where({ run_id: RUN, recipient: "cfo@example.com" })
      .update({ status: "sending", sent_at: null });
    expect(await sendReportEmail(db, config, RUN, log)).toEqual({
      sent: ["cfo@example.com"],
      skipped: ["finance@example.com"],
    });
    expect(smtp.messages).toHaveLength(3);
    expect(await sendReportEmail(db, config, RUN, log, { force: true })).toEqual({
      sent: RECIPIENTS,
      skipped: [],
    });
    expect(smtp.messages).toHaveLength(5);
  });

  it("leaves out an attachment over the size limit and says where the file is", async () => {
    const small = configWith({ max_attachment_bytes: 1000 });
    const before = smtp.messages.length;
    await sendReportEmail(db, small, RUN, log, { force: true });
    const m = smtp.messages[before]!;
    expect(m.parsed.attachments).toHaveLength(0);
    expect(m.parsed.text).toContain(report.filePath);
    expect(m.parsed.text).toContain(`run_id = ${RUN}`);
  });

  it("throws a DataError with the server's reply on a 550, and a TransientError on 451 or no server", async () => {
    const rejecting = await startSmtpCapture({ reject: { code: 550, message: "5.1.1 mailbox unavailable" } });
    try {
      const err = await sendReportEmail(db, config, RUN, log, { force: true, smtpUrl: rejecting.url }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toContain("550 5.1.1 mailbox unavailable");
      const row = await db("etl.email_outbox").where({ run_id: RUN, recipient: RECIPIENTS[0] }).first();
      expect(row.status).toBe("failed");
      expect(row.error).toContain("mailbox unavailable");
    } finally {
      await rejecting.close();
    }
    const busy = await startSmtpCapture({ reject: { code: 451, message: "4.3.0 try again later" } });
    try {
      await expect(sendReportEmail(db, config, RUN, log, { smtpUrl: busy.url })).rejects.toBeInstanceOf(
        TransientError,
      );
    } finally {
      await busy.close();
    }
    const closed = await startSmtpCapture();
    const deadUrl = closed.url;
    await closed.close();
    await expect(sendReportEmail(db, config, RUN, log, { smtpUrl: deadUrl })).rejects.toBeInstanceOf(
      TransientError,
    );
    // The failed recipient is retried by the next (job) attempt, the one already sent is not.
    expect(await sendReportEmail(db, config, RUN, log)).toMatchObject({ sent: [RECIPIENTS[0]] });
  });
});
