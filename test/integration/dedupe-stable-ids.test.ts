// Stable customer ids across runs: the dedupe stage run twice on a private warehouse, the second time with
// new source rows (one joining a customer, one revealing that two customers are one, one brand new).
import { markIntermediates } from "../../src/runs/intermediates.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { dedupeStage } from "../../src/dedupe/dedupe.service.js";
import type { StageContext } from "../../src/runs/stage-context.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const RUN1 = "2026Q2-manual-ids1";
const RUN2 = "2026Q3-manual-ids2";
const CREDIT = "91440300MA5ABCDE1X";

type Row = { source: string; key: string; name: string; phone?: string; email?: string; credit?: string };

const FIRST: Row[] = [
  { source: "erp", key: "E1", name: "深圳市华信电子科技有限公司", credit: CREDIT },
  { source: "crm", key: "C1", name: "华信电子科技有限公司", credit: CREDIT },
  { source: "erp", key: "E2", name: "腾达贸易有限公司", phone: "+8613800138000" },
  { source: "erp", key: "E3", name: "鼎盛物流有限公司", email: "sales@dingsheng.com" },
  { source: "erp", key: "E4", name: "远通机械设备有限公司" },
];
const ADDED: Row[] = [
  { source: "erp", key: "E5", name: "华信电子科技", credit: CREDIT }, // joins 华信
  { source: "crm", key: "C2", name: "腾达商贸", phone: "+8613800138000", email: "sales@dingsheng.com" }, // E2 ≡ E3
  { source: "crm", key: "C3", name: "全新精密机械有限公司" }, // a new customer
];

let t: TestEnv;
let config: AppConfig;

async function run(runId: string, rows: Row[]): Promise<Map<string, string>> {
  await t.db("core.int_customers").where({ run_id: runId }).delete();
  await markIntermediates(t.db, runId); // what the extract does before it writes a run's intermediate rows
  await t.db("core.int_customers").insert(
    rows.map((r) => ({
      run_id: runId,
      source: r.source,
      source_key: r.key,
      name: r.name,
      name_key: r.name.replace(/^深圳市/, "").replace(/有限公司$/, ""),
      phone_e164: r.phone ?? null,
      email: r.email ?? null,
      region_code: "440300",
      credit_code: r.credit ?? null,
      created_at: new Date("2024-01-01T00:00:00Z"),
      updated_at: new Date("2025-01-01T00:00:00Z"),
    })),
  );
  const ctx: StageContext = {
    db: t.db,
    config,
    runId,
    quarter: runId.slice(0, 6),
    asOf: new Date(),
    log: t.log,
  };
  await dedupeStage(ctx);
  const xref = await t.db("core.int_customer_xref").where({ run_id: runId });
  return new Map(xref.map((x) => [x.source_key as string, x.customer_id as string]));
}

let before: Map<string, string>;
let after: Map<string, string>;

beforeAll(async () => {
  t = await createTestEnv("dedupe_ids");
  config = t.config();
  before = await run(RUN1, FIRST);
  after = await run(RUN2, [...FIRST, ...ADDED]);
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe("customer ids across runs", () => {
  it("starts with four customers", () => {
    expect(before.get("E1")).toBe(before.get("C1"));
    expect(new Set(before.values()).size).toBe(4);
  });

  it("keeps every customer's id, and a new row joins the existing id", () => {
    expect(after.get("E1")).toBe(before.get("E1"));
    expect(after.get("C1")).toBe(before.get("E1"));
    expect(after.get("E5")).toBe(before.get("E1"));
    expect(after.get("E4")).toBe(before.get("E4"));
  });

  it("records a merge when two earlier customers turn out to be one, and keeps one of their ids", async () => {
    const [e2, e3] = [before.get("E2")!, before.get("E3")!];
    const survivor = after.get("E2")!;
    expect(after.get("E3")).toBe(survivor);
    expect(after.get("C2")).toBe(survivor);
    expect([e2, e3]).toContain(survivor);
    const merged = survivor === e2 ? e3 : e2;
    const merges = await t
      .db("core.customer_merges")
      .where({ run_id: RUN2 })
      .select("merged_customer_id", "survivor_customer_id");
    expect(merges).toEqual([{ merged_customer_id: merged, survivor_customer_id: survivor }]);
  });

  it("gives a new customer a new id", () => {
    expect([...before.values()]).not.toContain(after.get("C3"));
  });

  it("keeps the persistent cross-reference current, with the run each row was first seen in", async () => {
    const x = await t.db("core.customer_xref").orderBy(["source", "source_key"]);
    expect(x).toHaveLength(FIRST.length + ADDED.length);
    for (const r of x) expect(r.customer_id).toBe(after.get(r.source_key));
    const e1 = x.find((r) => r.source_key === "E1")!;
    expect([e1.first_run_id, e1.last_run_id]).toEqual([RUN1, RUN2]);
    expect(x.find((r) => r.source_key === "C3")!.first_run_id).toBe(RUN2);
  });

  it("gives the same ids when the second run is retried", async () => {
    const again = await run(RUN2, [...FIRST, ...ADDED]);
    expect(again).toEqual(after);
    expect(await t.db("core.customer_merges").where({ run_id: RUN2 })).toHaveLength(1);
  });
});
