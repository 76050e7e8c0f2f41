// COPY text encoding: what PostgreSQL reads back must be the value given, whatever the path that encoded it.
import { describe, expect, it } from "vitest";
import { encodeCopyChunks, encodeCopyRow, encodeCopyValue, type CopyValue } from "../../../src/db/copy.js";

describe("encodeCopyValue", () => {
  it("escapes backslash, tab, newline and carriage return, and nothing else", () => {
    expect(encodeCopyValue("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(encodeCopyValue("上海,\"x\" 'y' |z|")).toBe("上海,\"x\" 'y' |z|");
    expect(encodeCopyValue("")).toBe("");
  });

  it("writes NULL as \\N and numbers, booleans and timestamps as their text", () => {
    expect(encodeCopyValue(null)).toBe("\\N");
    expect(encodeCopyValue(undefined)).toBe("\\N");
    expect(encodeCopyValue(-12.5)).toBe("-12.5");
    // As PostgreSQL's float8 input reads them.
    expect([NaN, Infinity, -Infinity].map(encodeCopyValue)).toEqual(["NaN", "Infinity", "-Infinity"]);
    expect(encodeCopyValue(12345678901234567890n)).toBe("12345678901234567890");
    expect(encodeCopyValue(false)).toBe("false");
    expect(encodeCopyValue(new Date(Date.UTC(2026, 8, 30, 16, 0, 1, 5)))).toBe("2026-09-30T16:00:01.005Z");
  });

  it("writes arrays as text[] literals and objects as JSON, escaped like any text", () => {
    expect(encodeCopyValue(["vip", 'say "hi"', "a\\b"])).toBe('{"vip","say \\\\"hi\\\\"","a\\\\\\\\b"}');
    expect(encodeCopyValue({ note: "line1\nline2" })).toBe('{"note":"line1\\\\nline2"}');
  });
});

describe("encodeCopyChunks", () => {
  const rows: CopyValue[][] = Array.from({ length: 5000 }, (_, i) => [
    `key\t${i}`,
    i,
    i % 7 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + i * 1000),
    ["a", String(i)],
  ]);
  const expected = rows.map((r) => encodeCopyRow(r)).join("");
  const collect = async (chunks: Iterable<string> | AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const c of chunks) out.push(c);
    return out;
  };

  it("gives the same text from rows at hand as from an async stream of them, in chunks of ~64 KiB", async () => {
    async function* streamed() {
      for (const r of rows) yield r;
    }
    const fromSync = await collect(encodeCopyChunks(rows));
    const fromAsync = await collect(encodeCopyChunks(streamed()));
    expect(fromSync.join("")).toBe(expected);
    expect(fromAsync).toEqual(fromSync);
    expect(fromSync.length).toBeGreaterThan(1);
    // Every chunk ends at a row's end: a row is never split between two COPY writes.
    for (const c of fromSync) expect(c.endsWith("\n")).toBe(true);
  });
});
