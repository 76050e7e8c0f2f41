// The run's clean customers as the dedupe stage keeps them, column by column: one string array per text
// field (low-cardinality ones interned, so their rows share one string), timestamps as numbers. At 1.25 M
// rows an object per row (plus the driver's result array) cost ~600 MB; the columns, filled while the
// rows stream in, about half. Pure.
import type { MatchRecord } from "./features.js";

/** A row of sql/dedupe/load_records.sql: a clean customer and its customer_id before this run. */
export type LoadedRecord = MatchRecord & { previous_id: string | null };

/** The fields the matcher reads, by record index (features.ts builds its table from these). */
export interface MatchColumns {
  readonly size: number;
  readonly name: readonly string[];
  readonly name_key: readonly string[];
  readonly phone_e164: readonly (string | null)[];
  readonly email: readonly (string | null)[];
  readonly region_code: readonly (string | null)[];
  readonly credit_code: readonly (string | null)[];
}

export interface CustomerColumns extends MatchColumns {
  readonly source: readonly string[];
  readonly source_key: readonly string[];
  /** Epoch milliseconds; NaN when null. Survivorship only orders them, first_seen_at is the earliest. */
  readonly updatedAt: Float64Array;
  readonly createdAt: Float64Array;
  readonly previous_id: readonly (string | null)[];
}

/** Epoch ms of a timestamp's text; NaN when null. */
const time = (s: string | null): number => (s ? Date.parse(s) : NaN);

/**
 * sql/dedupe/load_records.sql's row in column order: source, source_key, name, name_key, phone_e164,
 * email, region_code, credit_code, updated and created (epoch ms of whole seconds, float8), previous_id.
 */
export type LoadedRow = [
  source: string,
  sourceKey: string,
  name: string,
  nameKey: string,
  phone: string | null,
  email: string | null,
  region: string | null,
  credit: string | null,
  updatedMs: number | null,
  createdMs: number | null,
  previousId: string | null,
];

/** Fills CustomerColumns one row at a time, as a cursor hands them over. */
export class CustomerColumnsBuilder {
  private n = 0;
  private readonly source: string[] = [];
  private readonly sourceKey: string[] = [];
  private readonly name: string[] = [];
  private readonly nameKey: string[] = [];
  private readonly phone: (string | null)[] = [];
  private readonly email: (string | null)[] = [];
  private readonly region: (string | null)[] = [];
  private readonly credit: (string | null)[] = [];
  private readonly previous: (string | null)[] = [];
  private updated = new Float64Array(4096);
  private created = new Float64Array(4096);
  // Sources and region codes repeat on every row: one string each instead of one per row.
  private readonly interned = new Map<string, string>();

  private intern(s: string | null): string | null {
    if (s === null) return null;
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  push(r: LoadedRecord): void {
    this.pushLoaded([
      r.source,
      r.source_key,
      r.name,
      r.name_key,
      r.phone_e164,
      r.email,
      r.region_code,
      r.credit_code,
      time(r.updated_at),
      time(r.created_at),
      r.previous_id ?? null,
    ]);
  }

  /** A row of sql/dedupe/load_records.sql as the driver hands it over (rowMode "array"). */
  pushLoaded(row: LoadedRow): void {
    const [source, sourceKey, name, nameKey, phone, email, region, credit, updatedMs, createdMs, previousId] =
      row;
    if (this.n === this.updated.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.updated = grow(this.updated);
      this.created = grow(this.created);
    }
    const i = this.n++;
    this.source.push(this.intern(source)!);
    this.sourceKey.push(sourceKey);
    this.name.push(name);
    this.nameKey.push(nameKey);
    this.phone.push(phone);
    this.email.push(email);
    this.region.push(this.intern(region));
    this.credit.push(credit);
    this.previous.push(previousId);
    this.updated[i] = updatedMs ?? NaN;
    this.created[i] = createdMs ?? NaN;
  }

  finish(): CustomerColumns {
    return {
      size: this.n,
      source: this.source,
      source_key: this.sourceKey,
      name: this.name,
      name_key: this.nameKey,
      phone_e164: this.phone,
      email: this.email,
      region_code: this.region,
      credit_code: this.credit,
      previous_id: this.previous,
      updatedAt: this.updated.subarray(0, this.n),
      createdAt: this.created.subarray(0, this.n),
    };
  }
}

/** Records as columns (the object API of clusterRecords, goldenRecord and assignIds uses this). */
export function columnsOf(
  records: readonly MatchRecord[],
  previousIds: readonly (string | null)[] = [],
): CustomerColumns {
  const b = new CustomerColumnsBuilder();
  records.forEach((r, i) => b.push({ ...r, previous_id: previousIds[i] ?? null }));
  return b.finish();
}
