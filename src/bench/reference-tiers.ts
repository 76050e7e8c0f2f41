// The reference tiers: what one seeded quarter at scale S publishes, kept as a fixture so speed work can
// be checked to leave every customer's tier unchanged. CSV format, parsing and the row-for-row diff. Pure.
import { SCALES } from "./scales.js";

/** The reference run's parameters: scale S with the bench's default seed, one fixed quarter. */
export const REFERENCE = { scale: "S", customers: SCALES.S.customers, seed: 1, quarter: "2026Q3" } as const;

/** The command that regenerates the fixture (a deliberate, reviewed change of results only). */
export const REGENERATE = "npx retier bench reference --write";

/** One published customer as the reference compares it. */
export interface TierRow {
  customer_id: string;
  final_tier: string;
  model_tier: string;
  /** The stored score (rounded to 1e-6 by the tier stage) as JavaScript prints the double. */
  score: string;
  /** The rules that fired, in order: `rule:before>after`, or `rule:+tag` for a tag rule; `;`-separated. */
  rules: string;
}

export const COLUMNS = ["customer_id", "final_tier", "model_tier", "score", "rules"] as const;

/** What the warehouse holds for a customer (marts.fct_customer_quarter). */
export interface PublishedRow {
  customer_id: string;
  final_tier: string;
  model_tier: string;
  score: number;
  rules_applied: readonly { rule: string; before: string; after: string; tag?: string }[];
}

export function toTierRow(r: PublishedRow): TierRow {
  return {
    customer_id: r.customer_id,
    final_tier: r.final_tier,
    model_tier: r.model_tier,
    score: String(r.score),
    rules: r.rules_applied
      .map((a) => (a.tag ? `${a.rule}:+${a.tag}` : `${a.rule}:${a.before}>${a.after}`))
      .join(";"),
  };
}

const byId = (a: TierRow, b: TierRow) =>
  a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0;

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows as CSV with a header line, sorted by customer_id. */
export function formatTierCsv(rows: readonly TierRow[]): string {
  const lines = [...rows].sort(byId).map((r) => COLUMNS.map((c) => quote(r[c])).join(","));
  return [COLUMNS.join(","), ...lines].join("\n") + "\n";
}

function splitCsvLine(line: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`${where}: unterminated quoted value`);
        v += line.slice(i, q);
        i = q + 1;
        if (line[i] !== '"') break;
        v += '"';
        i++;
      }
      out.push(v);
    } else {
      const c = line.indexOf(",", i);
      out.push(line.slice(i, c < 0 ? line.length : c));
      i = c < 0 ? line.length : c;
    }
    if (i >= line.length) return out;
    if (line[i] !== ",") throw new Error(`${where}: expected ',' at column ${i + 1}`);
    i++;
  }
}

/** Parses what formatTierCsv wrote (one row per line: no value holds a newline). */
export function parseTierCsv(text: string, file: string): TierRow[] {
  const lines = text.split("\n").filter((l) => l !== "");
  if (lines[0] !== COLUMNS.join(","))
    throw new Error(`${file}: expected the header ${COLUMNS.join(",")}, got ${JSON.stringify(lines[0])}`);
  return lines.slice(1).map((line, k) => {
    const where = `${file} line ${k + 2}`;
    const values = splitCsvLine(line, where);
    if (values.length !== COLUMNS.length)
      throw new Error(`${where}: expected ${COLUMNS.length} values, got ${values.length}`);
    return Object.fromEntries(COLUMNS.map((c, j) => [c, values[j]!])) as unknown as TierRow;
  });
}

export interface TierDifference {
  customer_id: string;
  /** null: the customer is missing on that side. */
  expected: TierRow | null;
  actual: TierRow | null;
}

export interface TierDiff {
  expectedRows: number;
  actualRows: number;
  /** Customers whose row differs or who are on one side only. */
  differing: number;
  missing: number;
  unexpected: number;
  /** The first differences by customer_id. */
  first: TierDifference[];
}

const sameRow = (a: TierRow, b: TierRow) => COLUMNS.every((c) => a[c] === b[c]);

/** Compares two row sets by customer_id (each may come in any order). */
export function diffTiers(expected: readonly TierRow[], actual: readonly TierRow[], keep = 10): TierDiff {
  const e = [...expected].sort(byId);
  const a = [...actual].sort(byId);
  const diff: TierDiff = {
    expectedRows: e.length,
    actualRows: a.length,
    differing: 0,
    missing: 0,
    unexpected: 0,
    first: [],
  };
  const note = (d: TierDifference) => {
    diff.differing++;
    if (diff.first.length < keep) diff.first.push(d);
  };
  let i = 0;
  let j = 0;
  while (i < e.length || j < a.length) {
    const x = e[i];
    const y = a[j];
    if (x && (!y || x.customer_id < y.customer_id)) {
      diff.missing++;
      note({ customer_id: x.customer_id, expected: x, actual: null });
      i++;
    } else if (y && (!x || y.customer_id < x.customer_id)) {
      diff.unexpected++;
      note({ customer_id: y.customer_id, expected: null, actual: y });
      j++;
    } else {
      if (!sameRow(x!, y!)) note({ customer_id: x!.customer_id, expected: x!, actual: y! });
      i++;
      j++;
    }
  }
  return diff;
}

const show = (r: TierRow | null) =>
  r ? `${r.final_tier} (model ${r.model_tier}, score ${r.score}, rules ${r.rules || "—"})` : "(absent)";

/** A few lines a reader can act on: the counts, then each of the first differences. */
export function describeDiff(diff: TierDiff): string {
  const lines = [
    `${diff.differing} of ${diff.expectedRows} reference customers differ ` +
      `(${diff.missing} missing, ${diff.unexpected} not in the reference; ${diff.actualRows} published)`,
  ];
  if (diff.first.length) lines.push(`first ${diff.first.length}:`);
  for (const d of diff.first)
    lines.push(
      `  ${d.customer_id}: expected ${show(d.expected)}`,
      `  ${" ".repeat(d.customer_id.length)}  actual   ${show(d.actual)}`,
    );
  return lines.join("\n");
}
