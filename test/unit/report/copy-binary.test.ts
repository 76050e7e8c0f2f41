// Binary COPY framing for the stored workbook, byte for byte as the PostgreSQL docs describe it.
import { describe, expect, it } from "vitest";
import {
  COPY_HEADER,
  COPY_TRAILER,
  encodeField,
  streamedFieldLength,
  tupleStart,
} from "../../../src/report/copy-binary.js";

describe("binary COPY framing", () => {
  it("has the 11-byte signature, zero flags and no header extension", () => {
    expect([...COPY_HEADER]).toEqual([
      ...Buffer.from("PGCOPY\n", "latin1"),
      0xff,
      0x0d,
      0x0a,
      0x00,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect([...COPY_TRAILER]).toEqual([0xff, 0xff]);
    expect([...tupleStart(7)]).toEqual([0, 7]);
  });

  it("encodes text as UTF-8, int8 big-endian and jsonb with version 1, each after an int32 length", () => {
    expect([...encodeField({ type: "text", value: "é" })]).toEqual([0, 0, 0, 2, 0xc3, 0xa9]);
    expect([...encodeField({ type: "int8", value: 258 })]).toEqual([0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect([...encodeField({ type: "jsonb", value: "{}" })]).toEqual([0, 0, 0, 3, 1, 0x7b, 0x7d]);
    expect([...streamedFieldLength(65_536)]).toEqual([0, 1, 0, 0]);
  });

  it("refuses what the format cannot hold", () => {
    expect(() => encodeField({ type: "int8", value: 2 ** 60 })).toThrow(RangeError);
    expect(() => streamedFieldLength(2 ** 30)).toThrow(/1 GiB/);
  });
});
