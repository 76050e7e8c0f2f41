// Jaro and Jaro–Winkler similarity over Unicode code points (a CJK character or an astral character is
// one position). Pure; allocation-free after warm-up, since it runs tens of millions of times per run.

let bufA = new Int32Array(64);
let bufB = new Int32Array(64);
let flagX = new Uint8Array(64);
let flagY = new Uint8Array(64);

/** Code points of `s` into `buf`, which must hold s.length entries; returns how many. */
function codePoints(s: string, buf: Int32Array): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        buf[n++] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    buf[n++] = c;
  }
  return n;
}

/**
 * Jaro similarity: m matching characters (equal and no further apart than ⌊max(|a|,|b|)/2⌋ − 1),
 * t half the matched characters out of order; (m/|a| + m/|b| + (m − t)/m) / 3, and 0 when m = 0.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  if (bufA.length < a.length) bufA = new Int32Array(a.length * 2);
  if (bufB.length < b.length) bufB = new Int32Array(b.length * 2);
  let la = codePoints(a, bufA);
  let lb = codePoints(b, bufB);
  // The shorter string is scanned for matches in the longer one; the formula is symmetric.
  let x = bufA;
  let y = bufB;
  if (la > lb) {
    x = bufB;
    y = bufA;
    const t = la;
    la = lb;
    lb = t;
  }
  const window = Math.max(0, (lb >> 1) - 1);
  if (flagX.length < la) flagX = new Uint8Array(la * 2);
  if (flagY.length < lb) flagY = new Uint8Array(lb * 2);
  flagX.fill(0, 0, la);
  flagY.fill(0, 0, lb);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const c = x[i]!;
    const end = Math.min(lb, i + window + 1);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (flagY[j] === 0 && y[j] === c) {
        flagX[i] = 1;
        flagY[j] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  // Transpositions: the matched characters of both strings, each in its own order, compared pairwise.
  let unordered = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (flagX[i] === 0) continue;
    while (flagY[j] === 0) j++;
    if (x[i] !== y[j]) unordered++;
    j++;
  }
  return (m / la + m / lb + (m - unordered / 2) / m) / 3;
}

/**
 * Jaro–Winkler: Jaro plus a bonus for a common prefix of up to `maxPrefix` code points,
 * jw = j + ℓ·p·(1 − j), applied (as in Winkler's original) only when j exceeds `boostThreshold`.
 */
export function jaroWinkler(a: string, b: string, p = 0.1, maxPrefix = 4, boostThreshold = 0.7): number {
  const j = jaro(a, b);
  if (j <= boostThreshold) return j;
  let l = 0;
  // Code units suffice for the prefix: equal code units up to a point mean equal code points.
  const limit = Math.min(maxPrefix * 2, a.length, b.length);
  let points = 0;
  while (l < limit && points < maxPrefix && a.charCodeAt(l) === b.charCodeAt(l)) {
    const c = a.charCodeAt(l);
    l += c >= 0xd800 && c <= 0xdbff && l + 1 < limit && a.charCodeAt(l + 1) === b.charCodeAt(l + 1) ? 2 : 1;
    points++;
  }
  return j + points * p * (1 - j);
}
