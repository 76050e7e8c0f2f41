// A keyed bijection of [0, n): gives every golden customer its own name, phone and code without a lookup set.
// A 4-round Feistel network over the next even power of two, cycle-walking back into range.
import { hash32 } from "./prng.js";

const MAX_DOMAIN = 2 ** 32;

export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly scale: number;

  constructor(
    readonly size: number,
    private readonly key: number,
  ) {
    if (!Number.isInteger(size) || size < 1 || size > MAX_DOMAIN)
      throw new Error(`Permutation: size must be an integer in [1, 2^32], got ${size}`);
    let bits = Math.max(2, Math.ceil(Math.log2(size)));
    if (bits % 2) bits++;
    this.half = bits / 2;
    this.mask = 2 ** this.half - 1;
    this.scale = 2 ** this.half;
  }

  /** The image of x (0 ≤ x < size); distinct inputs give distinct outputs. */
  map(x: number): number {
    if (!(x >= 0 && x < this.size)) throw new Error(`Permutation: ${x} is outside [0, ${this.size})`);
    let y = x;
    do y = this.round4(y);
    while (y >= this.size);
    return y;
  }

  private round4(x: number): number {
    let left = Math.floor(x / this.scale);
    let right = x % this.scale;
    for (let r = 0; r < 4; r++) {
      const f = hash32(right, this.key, r) & this.mask;
      const next = (left ^ f) & this.mask;
      left = right;
      right = next;
    }
    return left * this.scale + right;
  }
}
