// Waiting for exceljs's zip entry to drain: only when it asked for it, and never on an unknown shape.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { zipDrained } from "../../../src/report/zip-backpressure.js";

function sheet(length: number, needDrain: boolean) {
  const pipe = Object.assign(new EventEmitter(), { _writableState: { length, needDrain } });
  return { sheet: { stream: { pipes: [pipe] } }, pipe };
}

describe("zipDrained", () => {
  it("waits for 'drain' while more than the limit is buffered", async () => {
    const { sheet: ws, pipe } = sheet(10, true);
    let done = false;
    const waiting = zipDrained(ws, 5).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    pipe.emit("drain");
    await waiting;
    expect(done).toBe(true);
  });

  it("does not wait under the limit, without a refused write, or when exceljs's internals look different", async () => {
    await zipDrained(sheet(4, true).sheet, 5);
    await zipDrained(sheet(10, false).sheet, 5);
    await zipDrained({}, 5);
    await zipDrained({ stream: { pipes: [{}] } }, 5);
  });
});
