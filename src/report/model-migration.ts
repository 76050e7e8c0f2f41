// The tier migration matrix: previous-quarter tier (rows, plus new customers) × final tier (columns). Pure.
import type { MigrationFact } from "./facts.js";
import type { Block, ModelContext } from "./model.js";

export function migrationSheet(cells: MigrationFact[], ctx: ModelContext): Block {
  const L = ctx.labels;
  const count = new Map<string, number>();
  const key = (from: string | null, to: string) => `${from ?? ""}\u0000${to}`;
  for (const c of cells)
    count.set(
      key(c.previous_tier, c.final_tier),
      (count.get(key(c.previous_tier, c.final_tier)) ?? 0) + c.customers,
    );

  const cols = ctx.order;
  const fromRows: (string | null)[] = [...ctx.order, null];
  const rows = fromRows.map((from) => {
    const values = cols.map((to) => count.get(key(from, to)) ?? 0);
    return [
      from === null ? L.migration.newCustomers : ctx.name(from),
      ...values,
      values.reduce((a, b) => a + b, 0),
    ];
  });
  const totals = cols.map((_, j) => rows.reduce((a, r) => a + (r[j + 1] as number), 0));
  rows.push([L.migration.total, ...totals, totals.reduce((a, b) => a + b, 0)]);
  return {
    title: null,
    columns: [
      { header: L.migration.corner, kind: "text", width: 18 },
      ...cols.map((c) => ({ header: ctx.name(c), kind: "int" as const, width: 12 })),
      { header: L.migration.total, kind: "int", width: 12 },
    ],
    rows,
    totalRow: true,
    colorScale: true,
    note: L.migration.note,
  };
}
