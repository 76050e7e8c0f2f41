// cursorBatches against the migrated warehouse: every row once, in order, in batches of the asked size,
// and a caller that stops early leaves the connection usable (its cursor closed, no read left running).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorBatches } from "../../src/db/cursor.js";
import { withPgClient } from "../../src/db/warehouse.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;

beforeAll(async () => {
  t = await createTestEnv("cursor");
});
afterAll(async () => {
  await t?.cleanup();
});

const SERIES = "SELECT i, 'row ' || i AS label FROM generate_series(1, $1::int) AS i ORDER BY i";

describe("cursorBatches", () => {
  it("hands over every row once, in order, in batches of the asked size", async () => {
    await withPgClient(t.db, async (client) => {
      const sizes: number[] = [];
      const seen: number[] = [];
      for await (const batch of cursorBatches<{ i: number; label: string }>(client, SERIES, [2501], {
        batchSize: 1000,
      })) {
        sizes.push(batch.length);
        for (const r of batch) {
          expect(r.label).toBe(`row ${r.i}`);
          seen.push(r.i);
        }
      }
      expect(sizes).toEqual([1000, 1000, 501]);
      expect(seen).toEqual(Array.from({ length: 2501 }, (_, k) => k + 1));
    });
  });

  it("gives rows as arrays in column order with rowMode array, and none for an empty result", async () => {
    await withPgClient(t.db, async (client) => {
      const batches: unknown[][][] = [];
      for await (const b of cursorBatches<unknown[]>(client, SERIES, [3], { rowMode: "array" }))
        batches.push(b);
      expect(batches).toEqual([
        [
          [1, "row 1"],
          [2, "row 2"],
          [3, "row 3"],
        ],
      ]);
      let any = 0;
      for await (const b of cursorBatches(client, SERIES, [0])) any += b.length;
      expect(any).toBe(0);
    });
  });

  it("closes its cursor when the caller stops early, with the next batch already asked for", async () => {
    await withPgClient(t.db, async (client) => {
      let first = 0;
      for await (const batch of cursorBatches<{ i: number }>(client, SERIES, [100_000], { batchSize: 500 })) {
        first = batch[0]!.i;
        break;
      }
      expect(first).toBe(1);
      // The same connection answers the next statement at once: no portal or read left behind on it.
      const { rows } = await client.query<{ n: number }>("SELECT 41 + 1 AS n");
      expect(rows[0]!.n).toBe(42);
    });
  });

  it("passes a failing statement's error to the caller", async () => {
    await withPgClient(t.db, async (client) => {
      const read = async () => {
        for await (const _ of cursorBatches(
          client,
          "SELECT 1 / (i - 3) FROM generate_series(1, 5000) i",
          [],
        ));
      };
      await expect(read()).rejects.toThrow(/division by zero/);
      const { rows } = await client.query<{ ok: boolean }>("SELECT true AS ok");
      expect(rows[0]!.ok).toBe(true);
    });
  });
});
