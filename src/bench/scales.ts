// Benchmark scales (DESIGN.md §11) and the per-stage table the benchmark prints. Pure.

/**
 * Golden customers and the generator's order scale per scale: DESIGN.md §11 has 10 orders per customer
 * at S (200 000 for 20 000) and 5 at M and L (1 000 000 for 200 000, 5 000 000 for 1 000 000).
 */
export const SCALES = {
  S: { customers: 20_000, orderScale: 1 },
  M: { customers: 200_000, orderScale: 0.5 },
  L: { customers: 1_000_000, orderScale: 0.5 },
} as const;
export type Scale = keyof typeof SCALES;

/** What a seed recorded in the sources (truth.seed_info): the part --skip-seed must match. */
export interface SeededSources {
  customers: number;
  seed: string;
  orderScale: number;
}

/**
 * Why the sources as seeded cannot stand for a run at `scale` with `seed` (`--skip-seed`), or null when they
 * can. Every scale seeds the same databases, so after an S bench the sources hold S: an L run on them would
 * print an L table of S figures. Row counts are not compared: `--again` merges ERP customers on purpose.
 */
export function seedMismatch(seeded: SeededSources | null, scale: Scale, seed: number): string | null {
  const want = SCALES[scale];
  if (!seeded) return `the bench's sources hold no completed seed (expected scale ${scale}, seed ${seed})`;
  if (
    seeded.customers === want.customers &&
    seeded.orderScale === want.orderScale &&
    seeded.seed === String(seed)
  )
    return null;
  const held = (Object.keys(SCALES) as Scale[]).find(
    (k) => SCALES[k].customers === seeded.customers && SCALES[k].orderScale === seeded.orderScale,
  );
  return (
    `the bench's sources hold ${held ? `scale ${held}` : `${seeded.customers} customers at order scale ${seeded.orderScale}`}` +
    ` with seed ${seeded.seed}, not scale ${scale} with seed ${seed}`
  );
}

export interface StageFigure {
  stage: string;
  seconds: number;
  rowsIn: number | null;
  rowsOut: number | null;
  peakRssMb: number | null;
  /** Cores of the machine busy on average while the stage ran (worker, databases, anything): /proc/stat. */
  coresBusy: number | null;
  floorSeconds: number | null;
  floorWhat: string | null;
}

export interface BenchResult {
  scale: Scale;
  customers: number;
  orderScale: number;
  seed: number;
  runId: string;
  /** Which run of the bench this is: "first run", or the run again with its overrides. */
  label: string;
  status: string;
  seedSeconds: number;
  endToEndSeconds: number;
  endToEndFloorSeconds: number;
  workerPeakRssMb: number;
  /** Cores busy on average over the stages (machine.cpus at most). */
  coresBusy: number | null;
  /** The worker's log (info): the steps inside each stage, with their times. */
  workerLog: string;
  stages: StageFigure[];
  floors: Record<string, number>;
  machine: { cpus: number; memoryGb: number; node: string };
}

const fmt = (n: number | null, digits = 1) => (n === null ? "—" : n.toFixed(digits));

export function benchTable(r: BenchResult): string {
  const head = [
    "stage",
    "wall s",
    "rows in",
    "rows out",
    "rows/s",
    "peak RSS MB",
    "cores busy",
    "floor s",
    "× floor",
    "floor is",
  ];
  const rows = r.stages.map((s) => {
    const rows = s.rowsIn ?? s.rowsOut;
    return [
      s.stage,
      fmt(s.seconds, 2),
      s.rowsIn === null ? "—" : String(s.rowsIn),
      s.rowsOut === null ? "—" : String(s.rowsOut),
      // A stage that reports a handful of items (a file, two mails) has no meaningful row rate.
      rows && rows >= 100 && s.seconds > 0 ? Math.round(rows / s.seconds).toLocaleString("en-US") : "—",
      fmt(s.peakRssMb, 0),
      fmt(s.coresBusy, 2),
      fmt(s.floorSeconds, 2),
      s.floorSeconds ? fmt(s.seconds / s.floorSeconds, 2) : "—",
      s.floorWhat ?? "",
    ];
  });
  rows.push([
    "end to end",
    fmt(r.endToEndSeconds, 2),
    "",
    "",
    "",
    fmt(r.workerPeakRssMb, 0),
    fmt(r.coresBusy, 2),
    fmt(r.endToEndFloorSeconds, 2),
    r.endToEndFloorSeconds ? fmt(r.endToEndSeconds / r.endToEndFloorSeconds, 2) : "—",
    "sum of the floors",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
