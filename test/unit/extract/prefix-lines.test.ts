// Prefixing COPY lines with run, source and row number, byte-exact across chunk boundaries.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { PrefixLines } from "../../../src/extract/prefix-lines.js";

async function run(chunks: Buffer[], base?: number): Promise<{ text: string; rows: number }> {
  const p = new PrefixLines("run-1", "erp", base);
  let text = "";
  for await (const c of Readable.from(chunks).pipe(p)) text += String(c);
  return { text, rows: p.rows };
}

describe("PrefixLines", () => {
  it("prefixes each COPY line with run, source and a row number after the base", async () => {
    const out = await run([Buffer.from("a\t1\nb\t2\n")], 20_000_000_000);
    expect(out.text).toBe("run-1\terp\t20000000001\ta\t1\nrun-1\terp\t20000000002\tb\t2\n");
    expect(out.rows).toBe(2);
  });

  it("joins lines and characters split across chunks", async () => {
    const bytes = Buffer.from("广东省\t\\N\n北京\tx\n");
    const out = await run([bytes.subarray(0, 2), bytes.subarray(2, 13), bytes.subarray(13)]);
    expect(out.text).toBe("run-1\terp\t1\t广东省\t\\N\nrun-1\terp\t2\t北京\tx\n");
  });

  it("keeps a last line without a newline", async () => {
    expect((await run([Buffer.from("a\nb")])).text).toBe("run-1\terp\t1\ta\nrun-1\terp\t2\tb\n");
  });
});
