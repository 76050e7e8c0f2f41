// Groups records by string keys without a Map of strings: each (key, record) becomes one number
// (a 32-bit key hash above the record index) in a Float64Array, sorted natively. At 1.25 M records and
// ~4 keys each this takes ~40 MB instead of ~400 MB of map entries. Pure.

/** Records sharing a key hash, as CSR: group g's members are members[start[g] .. start[g+1]), ascending. */
export interface Groups {
  count: number;
  start: Int32Array;
  members: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * A key of several parts, hashed without building the string: key(a)(b)… folds each part with FNV-1a
 * after a separator, so ("ab", "c") and ("a", "bc") differ. `done()` applies murmur3's finaliser.
 */
export class KeyHash {
  private h = FNV_OFFSET;

  part(s: string): this {
    let h = Math.imul(this.h ^ 0x1f, FNV_PRIME);
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
    this.h = h;
    return this;
  }

  /** A 32-bit integer part (a region code), folded byte by byte. */
  num(x: number): this {
    let h = Math.imul(this.h ^ 0x1e, FNV_PRIME);
    for (let k = 0; k < 4; k++) h = Math.imul(h ^ ((x >>> (8 * k)) & 0xff), FNV_PRIME);
    this.h = h;
    return this;
  }

  done(): number {
    let h = this.h;
    this.h = FNV_OFFSET;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
}

/** A shared builder for the hot loops (single-threaded): key.part(a).part(b).done(). */
export const key = new KeyHash();

/**
 * Groups of two or more records sharing a key. Keys are compared by hash: two different keys may
 * (rarely) share a group, so callers that need exact equality check it (blocking does not: a spurious
 * candidate pair is only scored and rejected).
 */
export function groupByKey(n: number, keysOf: (i: number, add: (hash: number) => void) => void): Groups {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashBits = Math.min(32, 53 - indexBits);
  const scale = 2 ** indexBits;
  let values = new Float64Array(Math.max(16, n * 2));
  let used = 0;
  let current = 0;
  const add = (hash: number) => {
    if (used === values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    const h = hash >>> (32 - hashBits);
    values[used++] = h * scale + current;
  };
  for (let i = 0; i < n; i++) {
    current = i;
    keysOf(i, add);
  }
  const sorted = values.subarray(0, used).sort();
  // Preallocated at the upper bound: growing plain arrays of millions would churn the old generation.
  const start = new Int32Array((used >> 1) + 2);
  const members = new Int32Array(used);
  let count = 0;
  let m = 0;
  for (let a = 0; a < used;) {
    const h = Math.floor(sorted[a]! / scale);
    let b = a + 1;
    while (b < used && Math.floor(sorted[b]! / scale) === h) b++;
    if (b - a >= 2) {
      const from = m;
      let last = -1;
      for (let k = a; k < b; k++) {
        const rec = sorted[k]! - h * scale;
        if (rec !== last) members[m++] = rec;
        last = rec;
      }
      if (m - from >= 2) start[++count] = m;
      else m = from;
    }
    a = b;
  }
  return { count, start: start.subarray(0, count + 1), members: members.subarray(0, m) };
}
