// The seeded xoshiro128** generator all randomness in textforge comes from, so every run can be replayed and resumed exactly.

/** The generator's complete state: the four unsigned 32-bit xoshiro128** words, as plain JSON. */
export interface RngState {
  words: [number, number, number, number];
}

type Words = [number, number, number, number];

const TWO_POW_26 = 2 ** 26;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
const TWO_POW_NEG_32 = 2 ** -32;
const TWO_POW_NEG_52 = 2 ** -52;
const TWO_POW_NEG_53 = 2 ** -53;
const TWO_PI = 2 * Math.PI;

const MASK64 = (1n << 64n) - 1n;
const GOLDEN64 = 0x9e3779b97f4a7c15n;

/** The SplitMix64 output mixer (a bijection on 64-bit values); BigInt is fine, it only runs when seeding or forking. */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * The first two SplitMix64 outputs from state `x`, split low word first into four state words.
 * They are never all zero (xoshiro's one bad state): each output is zero only for one distinct `x`.
 */
function splitMixWords(x: bigint): Words {
  const a = mix64((x + GOLDEN64) & MASK64);
  const b = mix64((x + 2n * GOLDEN64) & MASK64);
  return [Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n)];
}

/** 64-bit FNV-1a of the label's UTF-8 bytes. */
function hashLabel(label: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(label)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  return h;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The largest float32 strictly below `x`, so float32 fills can honour an exclusive upper bound. */
function largestFloat32Below(x: number): number {
  const f = Math.fround(x);
  if (f < x) return f;
  const float = new Float32Array([f]);
  const bits = new Int32Array(float.buffer);
  if (f > 0) bits[0] -= 1;
  else if (f < 0) bits[0] += 1;
  else bits[0] = 0x80000001; // -0 steps down to the smallest negative subnormal
  return float[0];
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function requireNumber(where: string, what: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${what} must be a number, got ${kind(value)}`);
}

function requireFinite(where: string, what: string, value: unknown): asserts value is number {
  requireNumber(where, what, value);
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${what} must be finite, got ${value}`);
}

function requireSafeInteger(where: string, what: string, value: unknown): asserts value is number {
  requireNumber(where, what, value);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${where}: ${what} must be a safe integer, got ${value}`);
}

function requireProbability(where: string, p: unknown): asserts p is number {
  requireNumber(where, 'p', p);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${where}: p must be in [0, 1], got ${p}`);
}

function requireStd(where: string, std: unknown): asserts std is number {
  requireFinite(where, 'std', std);
  if (std < 0) throw new RangeError(`${where}: std must be >= 0, got ${std}`);
}

function requireFloat32Array(where: string, out: unknown): asserts out is Float32Array {
  if (!(out instanceof Float32Array)) throw new TypeError(`${where}: out must be a Float32Array, got ${kind(out)}`);
}

function checkState(where: string, state: unknown): Words {
  if (typeof state !== 'object' || state === null) throw new RangeError(`${where}: state must be an object, got ${kind(state)}`);
  const words = (state as { words?: unknown }).words;
  if (!Array.isArray(words) || words.length !== 4) {
    const got = Array.isArray(words) ? `${words.length} words` : kind(words);
    throw new RangeError(`${where}: state.words must be an array of 4 numbers, got ${got}`);
  }
  words.forEach((w: unknown, i) => {
    if (!Number.isInteger(w) || (w as number) < 0 || (w as number) >= TWO_POW_32) {
      throw new RangeError(`${where}: state.words[${i}] must be an integer in [0, 2^32), got ${String(w)}`);
    }
  });
  if (words.every((w) => w === 0)) throw new RangeError(`${where}: state.words must not all be zero, got [0, 0, 0, 0]`);
  return [words[0], words[1], words[2], words[3]];
}

/**
 * A seeded xoshiro128** generator (Blackman & Vigna), seeded through SplitMix64.
 * The stream depends only on the seed, so it is identical on every machine.
 */
export class Rng {
  // The four state words, kept as int32 (the bit patterns are what matter).
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** A generator for any safe integer seed (negative seeds are taken modulo 2^64). */
  constructor(seed: number) {
    requireSafeInteger('Rng', 'seed', seed);
    this.setWords(splitMixWords(BigInt.asUintN(64, BigInt(seed))));
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  getState(): RngState {
    return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /** Restores a state from getState() (possibly after a JSON round trip); the stream continues exactly. */
  setState(state: RngState): void {
    this.setWords(checkState('Rng.setState', state));
  }

  /**
   * An independent generator derived from this one's current state and `label`.
   * Forking does NOT advance this generator, so adding, removing or reordering forks never shifts
   * this stream or any other fork; the same label forked from the same state gives the same stream.
   * Fork with distinct labels (e.g. 'init', 'data', 'dropout'), typically right after seeding.
   */
  fork(label: string): Rng {
    if (typeof label !== 'string') throw new TypeError(`Rng.fork: label must be a string, got ${kind(label)}`);
    const [w0, w1, w2, w3] = this.getState().words;
    const low = BigInt(w0) | (BigInt(w1) << 32n);
    const high = BigInt(w2) | (BigInt(w3) << 32n);
    const child = new Rng(0);
    child.setWords(splitMixWords(mix64(mix64(hashLabel(label) ^ low) ^ high)));
    return child;
  }

  /** The next raw output, an integer in [0, 2^32). */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 bits of resolution. */
  uniform(): number {
    return this.bits53() * TWO_POW_NEG_53;
  }

  /** A uniform integer in [lo, hiExclusive), unbiased (rejection sampling). */
  int(lo: number, hiExclusive: number): number {
    requireSafeInteger('Rng.int', 'lo', lo);
    requireSafeInteger('Rng.int', 'hiExclusive', hiExclusive);
    if (lo >= hiExclusive) throw new RangeError(`Rng.int: lo must be < hiExclusive, got lo=${lo}, hiExclusive=${hiExclusive}`);
    const span = hiExclusive - lo;
    if (span > Number.MAX_SAFE_INTEGER) throw new RangeError(`Rng.int: hiExclusive - lo must be < 2^53, got ${span}`);
    return lo + this.below(span);
  }

  /** A normal sample (Box–Muller; the radius uses a uniform that is never 0, so log(0) cannot happen). */
  normal(mean = 0, std = 1): number {
    requireFinite('Rng.normal', 'mean', mean);
    requireStd('Rng.normal', std);
    const radius = Math.sqrt(-2 * Math.log(this.openUniform()));
    return mean + std * radius * Math.cos(TWO_PI * this.uniform());
  }

  /** A standard Gumbel sample, -log(-log u) with u strictly inside (0, 1). */
  gumbel(): number {
    return -Math.log(-Math.log(this.openUniform()));
  }

  /** 1 with probability p, else 0. */
  bernoulli(p: number): 0 | 1 {
    requireProbability('Rng.bernoulli', p);
    return this.uniform() < p ? 1 : 0;
  }

  /** Shuffles `arr` in place (Fisher–Yates) and returns it. */
  shuffle<T>(arr: T[]): T[] {
    if (!Array.isArray(arr)) throw new TypeError(`Rng.shuffle: arr must be an array, got ${kind(arr)}`);
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = arr[i];
      arr[i] = arr[j];
      arr[j] = held;
    }
    return arr;
  }

  /** A uniformly random permutation of 0 .. n-1. */
  permutation(n: number): Int32Array {
    requireSafeInteger('Rng.permutation', 'n', n);
    if (n < 0 || n > 2 ** 31) throw new RangeError(`Rng.permutation: n must be in [0, 2^31], got ${n}`);
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = perm[i];
      perm[i] = perm[j];
      perm[j] = held;
    }
    return perm;
  }

  /** An index drawn with probability proportional to its weight; zero-weight indices are never drawn. */
  choice(weights: ArrayLike<number>): number {
    if (typeof weights !== 'object' || weights === null || typeof weights.length !== 'number') {
      throw new TypeError(`Rng.choice: weights must be an array-like of numbers, got ${kind(weights)}`);
    }
    let total = 0;
    let lastPositive = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      requireNumber('Rng.choice', `weights[${i}]`, w);
      if (!(w >= 0 && w < Infinity)) throw new RangeError(`Rng.choice: weights[${i}] must be finite and >= 0, got ${w}`);
      total += w;
      if (w > 0) lastPositive = i;
    }
    if (!(total > 0 && total < Infinity)) throw new RangeError(`Rng.choice: sum of weights must be finite and > 0, got ${total}`);
    const target = this.uniform() * total;
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      cumulative += weights[i];
      if (target < cumulative) return i;
    }
    return lastPositive; // only reached when rounding puts target at the very top
  }

  /** Fills `out` with uniforms in [lo, hi) (32-bit resolution; values that would round up to hi are clamped below it). */
  fillUniform(out: Float32Array, lo = 0, hi = 1): Float32Array {
    requireFloat32Array('Rng.fillUniform', out);
    requireFinite('Rng.fillUniform', 'lo', lo);
    requireFinite('Rng.fillUniform', 'hi', hi);
    if (lo >= hi) throw new RangeError(`Rng.fillUniform: lo must be < hi, got lo=${lo}, hi=${hi}`);
    const span = hi - lo;
    if (!Number.isFinite(span)) throw new RangeError(`Rng.fillUniform: hi - lo must be finite, got ${span}`);
    const top = largestFloat32Below(hi);
    for (let i = 0; i < out.length; i++) {
      const value = lo + span * (this.uint32() * TWO_POW_NEG_32);
      out[i] = Math.fround(value) < hi ? value : top;
    }
    return out;
  }

  /** Fills `out` with normal samples, using both Box–Muller outputs per pair. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    requireFloat32Array('Rng.fillNormal', out);
    requireFinite('Rng.fillNormal', 'mean', mean);
    requireStd('Rng.fillNormal', std);
    for (let i = 0; i < out.length; i += 2) {
      const radius = std * Math.sqrt(-2 * Math.log(this.openUniform()));
      const angle = TWO_PI * this.uniform();
      out[i] = mean + radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = mean + radius * Math.sin(angle);
    }
    return out;
  }

  /** Fills `out` with standard Gumbel samples. */
  fillGumbel(out: Float32Array): Float32Array {
    requireFloat32Array('Rng.fillGumbel', out);
    for (let i = 0; i < out.length; i++) out[i] = -Math.log(-Math.log(this.openUniform()));
    return out;
  }

  /** Fills `out` with 1 (probability p) or 0. */
  fillBernoulli(out: Float32Array, p: number): Float32Array {
    requireFloat32Array('Rng.fillBernoulli', out);
    requireProbability('Rng.fillBernoulli', p);
    for (let i = 0; i < out.length; i++) out[i] = this.uniform() < p ? 1 : 0;
    return out;
  }

  private setWords(words: Words): void {
    [this.s0, this.s1, this.s2, this.s3] = words.map((w) => w | 0);
  }

  /** A uniform integer in [0, 2^53) from two outputs. */
  private bits53(): number {
    const high = this.uint32() >>> 5;
    const low = this.uint32() >>> 6;
    return high * TWO_POW_26 + low;
  }

  /** A uniform double strictly inside (0, 1): the midpoints (k + 0.5) / 2^52, so neither 0 nor 1 can occur. */
  private openUniform(): number {
    const high = this.uint32() >>> 6;
    const low = this.uint32() >>> 6;
    return (high * TWO_POW_26 + low + 0.5) * TWO_POW_NEG_52;
  }

  /** A uniform integer in [0, n) for 1 <= n < 2^53, by rejecting draws above the largest multiple of n. */
  private below(n: number): number {
    if (n <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return x % n;
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    let x = this.bits53();
    while (x >= limit) x = this.bits53();
    return x % n;
  }
}
