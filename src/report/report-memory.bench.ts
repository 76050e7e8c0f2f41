// Benchmark: peak memory and time of the report stage on a synthetic published quarter of N customers,
// in a scratch warehouse. Run with `npx tsx src/report/report-memory.bench.ts [n] [--keep]`.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { loadConfig } from "../config/load.js";
import { ensureDatabase, migrate } from "../db/migrate.js";
import { connectWarehouse } from "../db/warehouse.js";
import { createLogger } from "../log.js";
import { buildReport } from "./report.service.js";

const n = Number(process.argv[2] ?? 200_000);
const keep = process.argv.includes("--keep");
const ADMIN = "postgres://postgres@127.0.0.1:5432";
const name = `retier_bench_report_${n}`;
const url = `${ADMIN}/${name}`;
const RUN = "2026Q3-manual-bench";

// One row per customer: tiers by score band, a quarter of them touched by a rule, a previous quarter for
// the migration matrix. Everything is generated in the server, so the seeding costs the client nothing.
const SEED_SQL = `
INSERT INTO etl.runs (run_id, quarter, trigger, config_hash, status, as_of_at, started_at)
VALUES ('${RUN}', '2026Q3', 'manual', 'bench', 'running', '2026-10-01T02:00:00+08', '2026-10-01T02:00:00+08');
INSERT INTO marts.fct_customer_quarter (quarter, customer_id, run_id, customer_name, region_code, revenue_cny,
  gross_profit_cny, margin, order_count, recency_days, avg_payment_days, overdue_share, growth_rate, tenure_days,
  credit_rating, defaults_12m, score, cluster, model_tier, final_tier, previous_tier, rules_applied,
  top_contributors, tags, is_override, published_at)
SELECT q.quarter, 'C' || lpad(i::text, 8, '0'), q.run_id, '示例客户有限公司' || i, '310000',
       round((exp(random() * 12))::numeric, 2), round((exp(random() * 10))::numeric, 2), 0.25, (random() * 40)::int,
       (random() * 300)::int, 30, 0.1, 0.05, 400 + (i % 2000), 'B', 0, s.score, (i % 4),
       t.tier, t.tier, CASE WHEN q.quarter = '2026Q3' THEN t.prev END,
       CASE WHEN i % 4 = 0 THEN '[{"rule":"new-customer","action":"tag","before":"silver","after":"silver","tag":"new"}]'
            ELSE '[]' END::jsonb,
       '[{"indicator":"revenue","points":20.5}]'::jsonb, '{}', false, now()
FROM generate_series(1, $1::int) AS i
CROSS JOIN LATERAL (SELECT round((random() * 100)::numeric, 4)::float8 AS score) s
CROSS JOIN LATERAL (SELECT CASE WHEN s.score >= 90 THEN 'diamond' WHEN s.score >= 80 THEN 'gold'
                                WHEN s.score >= 60 THEN 'silver' ELSE 'standard' END AS tier,
                           (ARRAY['diamond','gold','silver','standard'])[1 + i % 4] AS prev) t
CROSS JOIN (VALUES ('2026Q3', '${RUN}'), ('2026Q2', '2026Q2-manual-bench')) AS q (quarter, run_id);
INSERT INTO marts.published_quarters (quarter, run_id, customers, published_at)
VALUES ('2026Q2', '2026Q2-manual-bench', $1, now()), ('2026Q3', '${RUN}', $1, now());
`;

async function seed(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${ADMIN}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(url);
  const db = connectWarehouse(url);
  try {
    await migrate(db);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    for (const stmt of SEED_SQL.split(/;\n/).filter((s) => s.trim()))
      await c.query(stmt, stmt.includes("$1") ? [n] : []);
    await c.end();
  } finally {
    await db.destroy();
  }
}

const t0 = performance.now();
await seed();
const seeded = performance.now();
const config = loadConfig({
  path: "config/default.yaml",
  envOverrides: { WAREHOUSE_URL: url, RETIER_OUT_DIR: "out/bench" },
});
const log = createLogger({ level: "warn" });
const db = connectWarehouse(url);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const rssBefore = process.memoryUsage().rss;
try {
  const r = await buildReport(db, config, RUN, log);
  clearInterval(sampler);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const maxRss = process.resourceUsage().maxRSS * 1024; // the kernel's high-water mark, in bytes
  console.log(
    `report of ${n} customers: ${((performance.now() - seeded) / 1000).toFixed(1)} s` +
      ` (seed ${((seeded - t0) / 1000).toFixed(1)} s), file ${mb(r.sizeBytes)},` +
      ` peak RSS ${mb(Math.max(maxRss, peakRss))} (before the report ${mb(rssBefore)})`,
  );
} finally {
  clearInterval(sampler);
  await db.destroy();
  if (!keep) {
    const admin = new pg.Client({ connectionString: `${ADMIN}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
