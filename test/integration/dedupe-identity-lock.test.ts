// The dedupe's publish inserts the identity keys it did not find, so while one publish's transaction is
// open no other may write the identity tables (sql/dedupe/lock_identity.sql); readers go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlFile } from "../../src/db/sql-file.js";
import { inPgTransaction, withPgClient } from "../../src/db/warehouse.js";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;

beforeAll(async () => {
  t = await createTestEnv("idlock");
  await t.db.raw(
    `INSERT INTO core.customer_xref (source, source_key, customer_id, first_run_id, last_run_id)
     VALUES ('erp', 'E1', 'C1', 'r0', 'r0')`,
  );
});
afterAll(async () => {
  await t?.cleanup();
});

describe("the identity tables during a publish", () => {
  it("make another writer wait, and let readers read", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const publish = inPgTransaction(t.db, async (client) => {
      await client.query(sqlFile("dedupe/lock_identity"));
      locked();
      await held;
    });
    await taken;
    try {
      await withPgClient(t.db, async (other) => {
        // A reader is not blocked.
        const { rows } = await other.query<{ n: string }>("SELECT count(*) AS n FROM core.customer_xref");
        expect(Number(rows[0]!.n)).toBe(1);
        // A writer of either table waits (here: gives up after its lock timeout).
        await other.query("SET lock_timeout = '200ms'");
        await expect(
          other.query(
            `INSERT INTO core.customer_xref (source, source_key, customer_id, first_run_id, last_run_id)
             VALUES ('erp', 'E2', 'C2', 'r1', 'r1')`,
          ),
        ).rejects.toThrow(/lock timeout/);
        await expect(
          other.query("UPDATE core.customers SET name = name WHERE customer_id = 'C1'"),
        ).rejects.toThrow(/lock timeout/);
        await other.query("RESET lock_timeout");
      });
    } finally {
      release();
      await publish;
    }
    // Once the publish's transaction ends, the writer gets through.
    await t.db.raw(
      `INSERT INTO core.customer_xref (source, source_key, customer_id, first_run_id, last_run_id)
       VALUES ('erp', 'E2', 'C2', 'r1', 'r1')`,
    );
    const { rows } = await t.db.raw<{ rows: { n: string }[] }>(
      "SELECT count(*) AS n FROM core.customer_xref",
    );
    expect(Number(rows[0]!.n)).toBe(2);
  });
});
