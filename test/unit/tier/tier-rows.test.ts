// The COPY text of core.customer_tiers built from columnar results must be exactly what encodeCopyRow makes
// of each customer's TierResult: the stored rows may not depend on which path built them.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load.js";
import { encodeCopyRow } from "../../../src/db/copy.js";
import { assignBatch } from "../../../src/tier/assign.js";
import { overridesByCustomer } from "../../../src/tier/customer-input.js";
import { FeatureColumns } from "../../../src/tier/feature-columns.js";
import { resultAt } from "../../../src/tier/tier-results.js";
import { TIER_COLUMNS, tierCopyChunks } from "../../../src/tier/tier-rows.js";
import { featureRows, overrideRows } from "./support.js";

const cfg = loadConfig({ env: {} });
const columns = new FeatureColumns(overridesByCustomer(overrideRows));
for (const r of featureRows(300)) columns.push(r);
const { results } = await assignBatch(columns, cfg, { seed: 9 });

describe("tierCopyChunks", () => {
  const runId = "2026Q3-manual\\t1"; // a backslash to escape

  function expected(): string {
    let text = "";
    for (let i = 0; i < results.size; i++) {
      const r = resultAt(results, i);
      text += encodeCopyRow([
        runId,
        r.customer_id,
        r.score,
        r.cluster,
        r.threshold_tier,
        r.kmeans_tier,
        r.model_tier,
        r.final_tier,
        r.previous_tier,
        JSON.stringify(r.rules_applied),
        JSON.stringify(r.top_contributors),
        r.tags,
        r.is_override,
      ]);
    }
    return text;
  }

  it("writes what encodeCopyRow writes for each TierResult, in TIER_COLUMNS order", () => {
    const text = [...tierCopyChunks(runId, results)].join("");
    expect(text).toBe(expected());
    const lines = text.split("\n").slice(0, -1);
    expect(lines).toHaveLength(results.size);
    for (const l of lines) expect(l.split("\t")).toHaveLength(TIER_COLUMNS.length);
    expect(text).toContain("\\\\0007\\tx"); // the customer id with a backslash and a tab, escaped
  });

  it("cuts the text into chunks of about the requested size", () => {
    const chunks = [...tierCopyChunks(runId, results, 4096)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.slice(0, -1).every((c) => c.length > 4096 && c.length < 4096 + 2000)).toBe(true);
    expect(chunks.join("")).toBe(expected());
  });
});
