// The run's features as the batch engine reads them, column by column: numbers in Float64Arrays (null as
// NaN), text dictionary-coded, filled row by row as the service streams them from the warehouse. A million
// customers are about 140 MB of arrays instead of a million row objects (and their copies) kept alive. Pure.
import type { FeatureRow } from "./customer-input.js";
import type { FieldValue, Override } from "./rules.js";
import type { CustomerBatch } from "./tier-model.js";

type Raw = FeatureRow[string];

/**
 * A column's storage follows its values: numbers (the usual case), text (credit_rating, previous_tier:
 * few distinct values, so one code per row), or anything else kept as is. A column that turns out to
 * mix kinds becomes "mixed" and keeps every raw value, so rules see what the row had.
 */
type Column =
  | { kind: "number"; values: Float64Array; seen: boolean }
  | { kind: "text"; codes: Int32Array; dict: string[]; codeOf: Map<string, number> }
  | { kind: "mixed"; values: Raw[] };

const INITIAL_CAPACITY = 4096;

function valueAt(col: Column, i: number): Raw {
  if (col.kind === "number") {
    const v = col.values[i]!;
    return Number.isNaN(v) ? null : v;
  }
  if (col.kind === "text") {
    const c = col.codes[i]!;
    return c < 0 ? null : col.dict[c]!;
  }
  return col.values[i]!;
}

/** Columns of FeatureRows (sql/tier/load_features.sql); every row of one query has the same columns. */
export class FeatureColumns implements CustomerBatch {
  private n = 0;
  private capacity = INITIAL_CAPACITY;
  private readonly ids: string[] = [];
  private names: string[] | null = null;
  private columns: Column[] = [];
  private readonly byName = new Map<string, number>();

  /** `overrides`: active overrides by customer id (customer-input.ts overridesByCustomer). */
  constructor(private readonly overridesById: ReadonlyMap<string, readonly Override[]> = new Map()) {}

  get size(): number {
    return this.n;
  }

  push(row: FeatureRow): void {
    if (this.names === null) {
      this.names = Object.keys(row).filter((k) => k !== "customer_id"); // ids are kept apart, uncoded
      this.names.forEach((name, k) => this.byName.set(name, k));
      this.columns = this.names.map(() => ({
        kind: "number",
        values: new Float64Array(this.capacity),
        seen: false,
      }));
    }
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.ids.push(row.customer_id);
    const names = this.names;
    for (let k = 0; k < names.length; k++) this.set(k, i, row[names[k]!]);
  }

  private set(k: number, i: number, v: Raw | undefined): void {
    const col = this.columns[k]!;
    if (v === null || v === undefined) {
      if (col.kind === "number") col.values[i] = NaN;
      else if (col.kind === "text") col.codes[i] = -1;
      else col.values[i] = null;
    } else if (col.kind === "number" && typeof v === "number") {
      col.values[i] = v;
      col.seen = true;
    } else if (col.kind === "text" && typeof v === "string") {
      let code = col.codeOf.get(v);
      if (code === undefined) {
        code = col.dict.push(v) - 1;
        col.codeOf.set(v, code);
      }
      col.codes[i] = code;
    } else if (col.kind === "mixed") col.values[i] = v;
    else {
      // Only nulls so far and now text: a text column. Otherwise the kinds mix: keep raw values.
      this.columns[k] =
        col.kind === "number" && !col.seen && typeof v === "string"
          ? { kind: "text", codes: new Int32Array(this.capacity).fill(-1), dict: [], codeOf: new Map() }
          : { kind: "mixed", values: Array.from({ length: i }, (_, r) => valueAt(col, r)) };
      this.set(k, i, v);
    }
  }

  private grow(): void {
    this.capacity *= 2;
    for (const col of this.columns) {
      if (col.kind === "number") {
        const values = new Float64Array(this.capacity);
        values.set(col.values);
        col.values = values;
      } else if (col.kind === "text") {
        const codes = new Int32Array(this.capacity);
        codes.set(col.codes);
        col.codes = codes;
      }
    }
  }

  customerId(i: number): string {
    return this.ids[i]!;
  }

  /** As toCustomerInput: Number() of the value, NaN where null or where rows lack the column. */
  featureColumn(feature: string): Float64Array {
    const k = this.byName.get(feature);
    const col = k === undefined ? undefined : this.columns[k]!;
    if (col?.kind === "number") return col.values.subarray(0, this.n);
    const out = new Float64Array(this.n).fill(NaN);
    if (col?.kind === "text") {
      const asNumber = col.dict.map(Number);
      for (let i = 0; i < this.n; i++) if (col.codes[i]! >= 0) out[i] = asNumber[col.codes[i]!]!;
    } else if (col?.kind === "mixed")
      for (let i = 0; i < this.n; i++) if (col.values[i] !== null) out[i] = Number(col.values[i]);
    return out;
  }

  previousTier(i: number): string | null {
    const k = this.byName.get("previous_tier");
    return k === undefined ? null : (valueAt(this.columns[k]!, i) as string | null);
  }

  overrides(i: number): readonly Override[] | undefined {
    return this.overridesById.get(this.ids[i]!);
  }

  /**
   * The row's value, else the indicator's points. A configured feature that is no column reads as
   * undefined here and as null in toCustomerInput: every rule test treats both as missing.
   */
  ruleValue(i: number, name: string, points: (indicator: string) => number | undefined): FieldValue {
    if (name === "customer_id") return this.ids[i];
    const k = this.byName.get(name);
    if (k !== undefined) return valueAt(this.columns[k]!, i) as FieldValue;
    return points(name);
  }
}
