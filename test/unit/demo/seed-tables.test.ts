// COPY text and INSERT building for the seeder: escaping, NULLs, column order, statement shape.
import { describe, expect, it } from "vitest";
import { emptyBatch } from "../../../src/demo/generator.js";
import {
  batchCounts,
  copyText,
  CRM_COLUMNS,
  crmValues,
  iso,
  multiRowInsert,
  PG_TABLES,
} from "../../../src/demo/seed-tables.js";
import { formatCents, formatMilli, parseCents, shanghaiDateTime } from "../../../src/demo/format.js";
import { dataset } from "./fixture.js";

describe("COPY text", () => {
  it("escapes backslash, tab and line breaks and writes NULL as \\N", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText("深圳市华信")).toBe("深圳市华信");
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
  });

  it("writes one line per row with one field per column, for every table", () => {
    const d = dataset(300);
    const counts = batchCounts(d);
    for (const t of PG_TABLES) {
      const lines = t.encode(d).split("\n");
      expect(lines.pop()).toBe("");
      expect(lines.length, t.table).toBe(counts[t.table]);
      for (const line of lines.slice(0, 50)) expect(line.split("\t").length, t.table).toBe(t.columns.length);
    }
    const first = d.erpCustomers[0];
    expect(PG_TABLES[0]?.encode({ ...emptyBatch(0), erpCustomers: first ? [first] : [] })).toBe(
      [first?.id, first?.company_name, first?.phone, first?.email, first?.region, first?.credit_code]
        .map((v) => v ?? "\\N")
        .concat([first?.created_at.toISOString() ?? "", first?.updated_at.toISOString() ?? ""])
        .join("\t") + "\n",
    );
  });

  it("flattens CRM rows in column order", () => {
    const d = dataset(300);
    const values = crmValues(d);
    expect(values.length).toBe(d.crmCustomers.length * CRM_COLUMNS.length);
    expect(values.slice(0, CRM_COLUMNS.length)).toEqual(
      CRM_COLUMNS.map((c) => d.crmCustomers[0]?.[c] ?? null),
    );
  });
});

describe("statements and formats", () => {
  it("builds a multi-row INSERT with one placeholder per value", () => {
    const sql = multiRowInsert("`customers`", ["`a`", "`b`"], 3);
    expect(sql).toBe("INSERT INTO `customers` (`a`, `b`) VALUES (?, ?), (?, ?), (?, ?)");
  });

  it("formats money and quantities exactly", () => {
    for (const c of [0, 5, 10, 99, 100, 123456789, -1, -250]) expect(parseCents(formatCents(c))).toBe(c);
    expect(formatCents(-5)).toBe("-0.05");
    expect(formatMilli(12_000)).toBe("12");
    expect(formatMilli(12_500)).toBe("12.5");
    expect(formatMilli(125)).toBe("0.125");
  });

  it("writes CRM datetimes as Asia/Shanghai wall-clock time", () => {
    expect(shanghaiDateTime(Date.UTC(2025, 11, 31, 16, 0, 0, 999))).toBe("2026-01-01 00:00:00");
  });
});

describe("iso", () => {
  it("matches Date.toISOString", () => {
    for (const ms of [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.UTC(2025, 11, 31, 16, 0, 0, 7),
      Date.UTC(2027, 1, 28, 23, 59, 59, 990),
    ])
      expect(iso(new Date(ms))).toBe(new Date(ms).toISOString());
    for (let k = 0; k < 2000; k++) {
      const d = new Date(1.6e12 + k * 7_654_321_987);
      expect(iso(d)).toBe(d.toISOString());
    }
  });
});
