// How the clean reads staged text in the migrated warehouse: etl.try_timestamptz gives the instants a
// reader expects and never throws; etl.read_* cast fields the extract read from typed source columns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/env.js";

let t: TestEnv;

beforeAll(async () => {
  t = await createTestEnv("cleants");
});
afterAll(async () => {
  await t?.cleanup();
});

async function parse(values: string[], tz = "Asia/Shanghai"): Promise<(string | null)[]> {
  const { rows } = await t.db.raw<{ rows: { at: string | null }[] }>(
    `SELECT to_char(etl.try_timestamptz(v, ?) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at
     FROM unnest(?::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i`,
    [tz, values],
  );
  return rows.map((r) => r.at);
}

describe("reading staged timestamps and amounts", () => {
  it("reads local wall-clock times in the configured zone and honours explicit offsets", async () => {
    expect(
      await parse([
        "2026-03-05 10:00:00",
        " 2026-03-05T10:00 ",
        "2026-03-31 23:59:59.123456",
        "2026-03-05 10:00:00+08",
        "2026-03-05 10:00:00+0530",
        "2026-03-05 10:00:00-05:00",
        "2026-03-05T10:00:00Z",
        "2026-03-05",
      ]),
    ).toEqual([
      "2026-03-05T02:00:00.000000",
      "2026-03-05T02:00:00.000000",
      "2026-03-31T15:59:59.123456",
      "2026-03-05T02:00:00.000000",
      "2026-03-05T04:30:00.000000",
      "2026-03-05T15:00:00.000000",
      "2026-03-05T10:00:00.000000",
      // A bare date is midnight in the configured zone, not in the database session's zone.
      "2026-03-04T16:00:00.000000",
    ]);
  });

  it("gives NULL, never an error, for dates and times that do not exist", async () => {
    expect(
      await parse([
        "2026-02-30 10:00:00",
        "2026-02-29 01:00:00",
        "2026-04-31 00:00:00",
        "2026-13-01 00:00:00",
        "0000-01-01 00:00:00",
        "2026-03-05 10:00:00-16",
        "garbage",
        "",
        "   ",
      ]),
    ).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it("still accepts the other shapes PostgreSQL understands (leap days, slashes, 24:00)", async () => {
    expect(await parse(["2024-02-29 01:00:00", "2026/03/05 10:00:00", "2026-03-05 24:00:00"])).toEqual([
      "2024-02-28T17:00:00.000000",
      "2026-03-05T02:00:00.000000",
      "2026-03-05T16:00:00.000000",
    ]);
  });

  it("casts fields the extract read from typed columns, with the clean's own parameter folded away", async () => {
    const typed = JSON.stringify({ at: "timestamptz", local: "timestamp", amount: "numeric" });
    const { rows } = await t.db.raw<{ rows: Record<string, string | null>[] }>(
      `SELECT to_char(etl.read_timestamptz('2026-03-05 02:00:00+00', 'Asia/Shanghai', ?::jsonb ->> 'at') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at,
              to_char(etl.read_timestamptz('2026-03-05 10:00:00', 'Asia/Shanghai', ?::jsonb ->> 'local') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS local,
              to_char(etl.read_timestamptz('2026-03-05', 'Asia/Shanghai', ?::jsonb ->> 'local') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS day,
              etl.read_numeric('1234.50', ?::jsonb ->> 'amount')::text AS amount,
              etl.read_numeric('NaN', ?::jsonb ->> 'amount')::text AS nan,
              etl.read_numeric(' 12.5 ', ?::jsonb ->> 'untyped')::text AS untyped,
              etl.read_numeric('1e3', ?::jsonb ->> 'untyped')::text AS exponent`,
      [typed, typed, typed, typed, typed, typed, typed],
    );
    expect(rows[0]).toEqual({
      at: "2026-03-05 02:00",
      local: "2026-03-05 02:00",
      day: "2026-03-04 16:00",
      amount: "1234.50",
      nan: null,
      untyped: "12.5",
      exponent: null,
    });
    // As the clean runs it: a bound parameter, planned with its value, leaves only the cast.
    const plan = await t.db.raw<{ rows: { "QUERY PLAN": string }[] }>(
      "EXPLAIN VERBOSE SELECT etl.read_timestamptz(v, 'UTC', ?::jsonb ->> 'at'), etl.read_numeric(v, ?::jsonb ->> 'amount') FROM unnest(ARRAY['1']) AS x(v)",
      [typed, typed],
    );
    const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("(v)::timestamp with time zone");
    expect(text).not.toMatch(/try_timestamptz|try_numeric/);
  });
});
