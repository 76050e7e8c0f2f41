// Benchmark: the tier stage's pure path on 1 000 000 synthetic customers (deterministic), as the service runs
// it: rows into typed columns (as streamed from the warehouse) → weights → normalise → K-means → score →
// rules and overrides → COPY text. Prints wall time and peak RSS per step (VmHWM, reset before each step
// through /proc/self/clear_refs: the steps are synchronous, so a timer could not sample inside them).
// Run: npx tsx src/tier/tier.bench.ts [n] [--hash]; --hash prints the COPY text's sha256, to compare runs.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../config/load.js";
import { assignBatch } from "./assign.js";
import { overridesByCustomer, type FeatureRow, type OverrideRow } from "./customer-input.js";
import { FeatureColumns } from "./feature-columns.js";
import { createRng } from "./rng.js";
import { tierCopyChunks } from "./tier-rows.js";

const args = process.argv.slice(2);
const n = Number(args.find((a) => !a.startsWith("--")) ?? 1_000_000);
const hashing = args.includes("--hash");
const cfg = loadConfig({ env: {} });
const TIERS = ["diamond", "gold", "silver", "standard"];

/**
 * Rows shaped like sql/tier/load_features.sql's, with rule-relevant shares of a real book: ~15% without
 * orders in the window, heavy-tailed revenue (a few strategic customers), some unrated or defaulting, last
 * quarter's tiers for 90%, nulls where the features stage leaves them.
 */
function* rows(count: number, seed: number): Generator<FeatureRow> {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const orNull = (p: number, v: number) => (rng.next() < p ? null : v);
  for (let i = 0; i < count; i++) {
    const active = rng.next() < 0.85;
    const revenue = active ? Math.round(Math.exp(11 + 1.8 * gauss()) * 100) / 100 : 0;
    const gp = active ? Math.round(revenue * (0.05 + 0.3 * rng.next()) * 100) / 100 : 0;
    const p = rng.next();
    yield {
      customer_id: `C${String(i * 7 + 1000003).padStart(9, "0")}`,
      revenue_cny: revenue,
      gross_profit_cny: gp,
      margin: revenue > 0 ? gp / revenue : null,
      order_count: active ? 1 + Math.floor(Math.expm1(rng.next() * Math.log1p(200))) : 0,
      recency_days: active ? Math.floor(rng.next() * 365) : null,
      avg_payment_days: orNull(0.1, Math.round(rng.next() * 1200) / 10),
      overdue_share: orNull(0.1, rng.next() < 0.7 ? 0 : rng.next()),
      growth_rate: orNull(0.15, Math.expm1(gauss() * 0.6)),
      tenure_days: Math.floor(rng.next() * 3650),
      credit_rating:
        rng.next() < 0.05 ? null : (["A", "B", "C", "D"][Math.min(3, Math.floor(rng.next() * 3.1))] ?? null),
      credit_score: orNull(0.05, Math.round(rng.next() * 1000) / 10),
      defaults_12m: rng.next() < 0.02 ? 1 + Math.floor(rng.next() * 3) : 0,
      previous_tier:
        p < 0.05 ? TIERS[0]! : p < 0.2 ? TIERS[1]! : p < 0.5 ? TIERS[2]! : p < 0.9 ? TIERS[3]! : null,
    };
  }
}

/** 200 overrides and appeals on random customers (a tab in the reason tests COPY escaping). */
function overrides(count: number): OverrideRow[] {
  const rng = createRng(99);
  return Array.from({ length: 200 }, (_, k) => ({
    customer_id: `C${String(Math.floor(rng.next() * count) * 7 + 1000003).padStart(9, "0")}`,
    tier: TIERS[k % 4]!,
    reason: "复核\t通过",
    approver: "cfo",
    kind: k % 2 ? "appeal" : "override",
  }));
}

const status = () => readFileSync("/proc/self/status", "utf8");
const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())?.[1] ?? NaN) / 1024;
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5"); // resets VmHWM to the current RSS (Linux ≥ 4.0)
    return true;
  } catch {
    return false;
  }
}

const lines: string[] = [];
let peak = 0;
let t = performance.now();
const perStep = resetPeak();
const step = (name: string) => {
  const now = performance.now();
  const hwm = kb("VmHWM");
  peak = Math.max(peak, hwm);
  lines.push(
    `${name.padEnd(10)} ${(now - t).toFixed(0).padStart(6)} ms   peak RSS ${hwm.toFixed(0).padStart(5)} MB` +
      `   heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0).padStart(4)} MB`,
  );
  if (perStep) resetPeak();
  t = performance.now();
};

const t0 = performance.now();
const features = new FeatureColumns(overridesByCustomer(overrides(n)));
for (const row of rows(n, 20260101)) features.push(row);
step("read");
const { results, model } = await assignBatch(features, cfg, { seed: cfg.scoring.seed, onStep: step });
const hash = createHash("sha256");
let bytes = 0;
for (const chunk of tierCopyChunks("bench-run", results)) {
  bytes += Buffer.byteLength(chunk);
  if (hashing) hash.update(chunk);
}
step("encode");
console.log(lines.join("\n"));
const digest = hashing ? `, sha256 ${hash.digest("hex").slice(0, 16)}` : "";
const finals = model.tier_counts.map((c) => `${c.tier} ${c.final}`).join(", ");
console.log(
  `total ${(performance.now() - t0).toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MB; ${results.size} rows, ` +
    `${(bytes / 1048576).toFixed(1)} MiB of COPY text${digest}; ` +
    `K-means ${model.kmeans.iterations} iterations; final tiers ${finals}`,
);
