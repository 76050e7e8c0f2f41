// The dashboard over a real ledger and Redis: bound to a non-loopback address it refuses every request
// without the token (pages, JSON and Bull Board alike); on loopback without a token it serves anyone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "../../src/config/load.js";
import { type Dashboard, startDashboard } from "../../src/dashboard/server.js";
import { ConfigError } from "../../src/errors.js";
import { createRun } from "../../src/runs/ledger.js";
import { recordEvent } from "../../src/runs/run-events.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

const TOKEN = "s3cret-dashboard-token";
const RUN = "2026Q3-manual-dash";
let t: TestEnv;
let withToken: AppConfig;
let open: Dashboard | undefined;

beforeAll(async () => {
  t = await createTestEnv("ops_dash");
  withToken = t.config({ env: { RETIER_DASHBOARD_TOKEN: TOKEN } });
  await createRun(t.db, {
    runId: RUN,
    quarter: "2026Q3",
    trigger: "manual",
    params: {},
    configHash: "h",
    asOf: new Date(),
  });
  await t
    .db("etl.stage_runs")
    .where({ run_id: RUN, stage: "extract" })
    .update({ status: "succeeded", rows_out: 42 });
  await t
    .db("etl.stage_runs")
    .where({ run_id: RUN, stage: "clean" })
    .update({ status: "failed", error: "<script>x</script>" });
  await t
    .db("etl.runs")
    .where({ run_id: RUN })
    .update({ status: "failed", error: "clean: <script>x</script>" });
  await recordEvent(t.db, { runId: RUN, event: "retry", stage: "clean", actor: "frank", reason: "flaky" });
});

afterAll(async () => {
  await open?.close();
  await t?.cleanup();
});

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" });

describe("bound to 0.0.0.0 with a token", () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await startDashboard({ db: t.db, config: withToken, log: t.log }, { host: "0.0.0.0", port: 0 });
  });
  afterAll(async () => d?.close());

  it("refuses every request without the token, or with a wrong one", async () => {
    for (const path of ["/", "/runs", `/runs/${RUN}`, "/api/runs", "/queues", "/queues/api/queues"]) {
      const res = await get(d.port, path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain(RUN);
    }
    expect((await get(d.port, "/runs", { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await get(d.port, "/runs?token=wrong")).status).toBe(401);
  });

  it("serves the runs pages to a bearer of the token, escaping what the ledger holds", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const list = await get(d.port, "/runs?status=failed", auth);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`href="/runs/${RUN}"`);
    const page = await (await get(d.port, `/runs/${RUN}`, auth)).text();
    expect(page).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(page).not.toContain("<script>x");
    expect(page).toContain(`npx retier retry ${RUN}`);
    expect(page).toContain("frank");
    const json = await (await get(d.port, `/api/runs/${RUN}`, auth)).json();
    expect(json.stages.map((s: { stage: string }) => s.stage)).toHaveLength(8);
  });

  it("turns a ?token= link into a cookie, which then opens Bull Board", async () => {
    const res = await get(d.port, `/queues?token=${TOKEN}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/queues");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/);
    const board = await get(d.port, "/queues", { cookie });
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    const api = await (await get(d.port, "/queues/api/queues", { cookie })).json();
    const names = (api.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(
      ["clean", "dedupe", "email", "extract", "features", "load", "report", "tier"].map((s) => `stage-${s}`),
    );
  });
});

describe("without a token", () => {
  it("will not bind to a non-loopback address", async () => {
    await expect(
      startDashboard({ db: t.db, config: t.config(), log: t.log }, { host: "0.0.0.0", port: 0 }),
    ).rejects.toThrow(ConfigError);
  });

  it("serves anyone on 127.0.0.1", async () => {
    open = await startDashboard({ db: t.db, config: t.config(), log: t.log }, { host: "127.0.0.1", port: 0 });
    const res = await get(open.port, "/runs");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(RUN);
  });
});
