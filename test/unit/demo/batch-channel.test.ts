// The seeder's hand-off between generator and COPY streams: order kept, producer held back, failures shared.
import { describe, expect, it } from "vitest";
import { BatchChannel } from "../../../src/demo/batch-channel.js";

async function drain<T>(c: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of c) out.push(x);
  return out;
}

describe("BatchChannel", () => {
  it("delivers items in order and ends after close", async () => {
    const c = new BatchChannel<number>(2);
    const consumed = drain(c);
    await c.push([1, 2]);
    await c.push([]);
    await c.push([3]);
    c.close();
    expect(await consumed).toEqual([1, 2, 3]);
  });

  it("holds the producer while `capacity` batches wait", async () => {
    const c = new BatchChannel<number>(1);
    await c.push([1]);
    let pushed = false;
    const second = c.push([2]).then(() => (pushed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(pushed).toBe(false);
    const it = c[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(1);
    await second;
    expect(pushed).toBe(true);
  });

  it("fails the producer when the consumer is aborted, and the consumer when the producer aborts", async () => {
    const a = new BatchChannel<number>(1);
    await a.push([1]);
    const blocked = a.push([2]);
    a.abort(new Error("COPY failed"));
    await expect(blocked).rejects.toThrow("COPY failed");
    await expect(a.push([3])).rejects.toThrow("COPY failed");

    const b = new BatchChannel<number>(2);
    const consumed = drain(b);
    b.abort(new Error("generator failed"));
    await expect(consumed).rejects.toThrow("generator failed");
  });

  it("releases the producer when the consumer stops early", async () => {
    const c = new BatchChannel<number>(1);
    const consumer = (async () => {
      for await (const _x of c) break;
    })();
    await c.push([1, 2]);
    await consumer;
    await expect(c.push([3])).rejects.toThrow(/stopped early/);
  });
});
