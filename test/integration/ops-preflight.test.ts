// `retier run --dry-run` against real sources: it reads every mapped table, names what is wrong (a
// renamed column, an unreachable source, an active run), never shows a password, and writes nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { preflight } from "../../src/ops/preflight.js";
import { createRun } from "../../src/runs/ledger.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const QUARTER = "2026Q3";
let t: TestEnv;
let seeded: Record<string, number>;

function renamed(base: AppConfig): Record<string, unknown> {
  return {
    sources: base.sources.map((s) =>
      s.name !== "erp"
        ? s
        : {
            ...s,
            entities: {
              ...s.entities,
              order: {
                ...s.entities.order!,
                columns: { ...s.entities.order!.columns, total_amount: "grand_total" },
              },
            },
          },
    ),
  };
}

beforeAll(async () => {
  t = await createTestEnv("preflight");
  const anchor = quarterBounds(parseQuarter(QUARTER), "Asia/Shanghai").end;
  const summary = await seedDemo({
    erpUrl: t.erpUrl,
    crmUrl: t.crmUrl,
    customers: 120,
    seed: 5,
    anchor,
    log: t.log,
  });
  seeded = summary.rows as Record<string, number>;
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("run --dry-run", () => {
  it("reads every mapped table and counts its rows, and records nothing", async () => {
    const r = await preflight(t.db, t.config(), QUARTER);
    expect(r.ok).toBe(true);
    expect(r.tables.map((x) => `${x.source}.${x.entity}`).sort()).toEqual([
      "crm.customer",
      "erp.credit",
      "erp.customer",
      "erp.order",
      "erp.order_line",
      "erp.payment",
    ]);
    const orders = r.tables.find((x) => x.source === "erp" && x.entity === "order")!;
    expect(orders.rows).toBe(seeded["erp.orders"]);
    for (const x of r.tables) expect(x.rows, `${x.source}.${x.entity}`).toBeGreaterThan(0);
    expect(r.stages[0]).toBe("extract");
    expect(r.window.end.toISOString()).toBe("2026-09-30T16:00:00.000Z");
    const runs = await t.db("etl.runs").count<{ n: string }[]>({ n: "*" });
    expect(Number(runs[0]!.n)).toBe(0);
  });

  it("names the source, table and column of a renamed column", async () => {
    const r = await preflight(t.db, t.config({ overrides: renamed(t.config()) }), QUARTER);
    expect(r.ok).toBe(false);
    const orders = r.tables.find((x) => x.source === "erp" && x.entity === "order")!;
    expect(orders.problem).toBe("column grand_total not found (sources.erp.entities.order)");
  });

  it("reports an unreachable source without its password, and the CLI exits 1", async () => {
    const env = { RETIER_ERP_URL: "postgres://etl:s3cret-pw@127.0.0.1:5999/erp" };
    const r = await preflight(t.db, t.config({ env }), QUARTER);
    expect(r.ok).toBe(false);
    expect(r.sourceProblems.map((p) => p.source)).toEqual(["erp"]);
    expect(r.sourceProblems[0]!.problem).toContain("127.0.0.1:5999");
    expect(JSON.stringify(r)).not.toContain("s3cret-pw");
    const cli = await promisify(execFile)(
      "npx",
      ["tsx", "src/cli/main.ts", "run", "--quarter", QUARTER, "--dry-run"],
      { env: { ...process.env, ...t.env, ...env, RETIER_CONFIG: "config/demo.yaml" } },
    ).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("source erp: UNREACHABLE");
    expect(cli.stdout).not.toContain("s3cret-pw");
  });

  it("says a run now would be refused while the quarter has an active run", async () => {
    await createRun(t.db, {
      runId: "2026Q3-manual-active",
      quarter: QUARTER,
      trigger: "manual",
      params: {},
      configHash: "x",
      asOf: new Date(),
    });
    const r = await preflight(t.db, t.config(), QUARTER);
    expect(r.activeRunId).toBe("2026Q3-manual-active");
    expect(r.ok).toBe(false);
  });
});
