// The workbook as a real spreadsheet client sees it: LibreOffice (headless) opens the report of a small
// published quarter and converts it to PDF and to CSV, whose summary sheet must carry the totals.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { buildReport, type BuiltReport } from "../../src/report/report.service.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const run = promisify(execFile);
const RUN = "2026Q3-manual-lo1";
const MISSING =
  "LibreOffice's soffice is not on the PATH: install it (apt-get install -y --no-install-recommends " +
  "libreoffice-calc — .ci/run does this when run as root on Debian)";

// [id, name, score, revenue, tier]: 5 customers, ¥651,000.75 in all.
const CUSTOMERS: [string, string, number, number, string][] = [
  ["c1", "上海甲科技有限公司", 95, 500_000.5, "diamond"],
  ["c2", "北京乙贸易", 85, 120_000, "gold"],
  ["c3", "=SUM(A1:A9)", 70, 30_000.25, "silver"],
  ["c4", "丁集团", 40, 1_000, "standard"],
  ["c5", "戊商行", 10, 0, "standard"],
];

function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, "soffice");
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this directory
    }
  }
  return null;
}

let t: TestEnv;
let config: AppConfig;
let report: BuiltReport;
let work: string;
const soffice = findSoffice();

/** Converts the report with LibreOffice; each call gets the test's own profile so parallel runs do not lock. */
async function convert(filter: string, outDir: string): Promise<string[]> {
  if (!soffice) throw new Error(MISSING);
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${join(work, "profile")}`,
      "--headless",
      "--convert-to",
      filter,
      "--outdir",
      outDir,
      report.filePath,
    ],
    { timeout: 120_000, env: { ...process.env, HOME: work } },
  );
  return (await readdir(outDir)).map((f) => join(outDir, f));
}

beforeAll(async () => {
  t = await createTestEnv("lo");
  config = t.config();
  work = await mkdtemp(join(tmpdir(), "retier-lo-"));
  await t.db("etl.runs").insert({
    run_id: RUN,
    quarter: "2026Q3",
    trigger: "manual",
    config_hash: "test",
    status: "running",
    as_of_at: new Date("2026-10-01T02:00:00+08:00"),
  });
  await t.db("marts.fct_customer_quarter").insert(
    CUSTOMERS.map(([id, name, score, revenue, tier]) => ({
      quarter: "2026Q3",
      customer_id: id,
      run_id: RUN,
      customer_name: name,
      region_code: "310000",
      revenue_cny: revenue,
      gross_profit_cny: revenue / 4,
      order_count: 3,
      recency_days: 10,
      tenure_days: 400,
      defaults_12m: 0,
      score,
      model_tier: tier,
      final_tier: tier,
      previous_tier: null,
      rules_applied: "[]",
      top_contributors: "[]",
      tags: [],
      is_override: false,
      published_at: new Date(),
    })),
  );
  await t.db("marts.published_quarters").insert({
    quarter: "2026Q3",
    run_id: RUN,
    customers: CUSTOMERS.length,
    published_at: new Date(),
  });
  report = await buildReport(t.db, config, RUN, t.log);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  await t?.cleanup();
});

describe("the workbook in LibreOffice", () => {
  it("has LibreOffice available", () => {
    expect(soffice, MISSING).not.toBeNull();
  });

  it("converts to a non-empty PDF", async () => {
    const out = join(work, "pdf");
    const files = await convert("pdf", out);
    const pdf = files.find((f) => f.endsWith(".pdf"));
    expect(pdf, `LibreOffice wrote no PDF (got ${files.join(", ") || "nothing"})`).toBeDefined();
    expect((await stat(pdf!)).size).toBeGreaterThan(1000);
    expect((await readFile(pdf!)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("converts the summary sheet to CSV with the tier counts and the totals", async () => {
    const out = join(work, "csv");
    // Comma, double quote, UTF-8 (76), from line 1, raw values (not as shown), sheet 1 (概览).
    const files = await convert(
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1",
      out,
    );
    const csv = files.find((f) => f.endsWith(".csv"));
    expect(csv, `LibreOffice wrote no CSV (got ${files.join(", ") || "nothing"})`).toBeDefined();
    const lines = (await readFile(csv!, "utf8")).split(/\r?\n/).map((l) => l.split(","));
    const row = (label: string) => lines.find((cells) => cells[0] === label);
    // 等级, 客户数, 客户占比, 收入(¥), …: the label in column 1, count in 2, revenue in 4.
    expect(row("合计")?.[1]).toBe("5");
    expect(Number(row("合计")?.[3])).toBeCloseTo(651_000.75, 2);
    expect(row("钻石")?.[1]).toBe("1");
    expect(Number(row("钻石")?.[3])).toBeCloseTo(500_000.5, 2);
    expect(row("普通")?.[1]).toBe("2");
  });
});
