// allclose for tests: checks shape and dtype first, passes when |a - e| <= atol + rtol * |e|, NaN equal only to NaN, and reports the worst errors.
import assert from 'node:assert/strict';

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** An array with its shape and dtype, e.g. an NDArray, a host tensor with its dtype, or `shaped(...)`. */
export interface ShapedArray {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/**
 * What assertAllClose compares. A bare array is one-dimensional, of the dtype its type says:
 * Float32Array 'float32', Int32Array 'int32', Uint8Array 'bool', Float64Array and number[] 'float64'
 * (JavaScript numbers). Comparing an ORT float32 result with a float64 reference is then a dtype
 * mismatch unless the test converts one side explicitly (`widen`) or states both as tensors.
 */
export type Comparable = ShapedArray | ArrayLike<number>;

function dtypeOf(data: ArrayLike<number>): string {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'bool';
  if (data instanceof Float64Array || Array.isArray(data)) return 'float64';
  throw new TypeError(`assertAllClose: data must be a number array, Float32Array, Float64Array, Int32Array or Uint8Array, got ${Object.prototype.toString.call(data)}`);
}

function isShaped(x: Comparable): x is ShapedArray {
  return !ArrayBuffer.isView(x) && !Array.isArray(x) && 'data' in x && 'shape' in x && 'dtype' in x;
}

function normalise(x: Comparable, side: string, what: string): ShapedArray {
  const s = isShaped(x) ? x : { data: x, shape: [x.length], dtype: dtypeOf(x) };
  const n = s.shape.reduce((p, d) => p * d, 1);
  assert.equal(s.data.length, n, `${what}: ${side} holds ${s.data.length} values, and its shape [${s.shape.join(', ')}] needs ${n}`);
  return s;
}

/** `data` stated as a tensor of this shape and dtype. */
export function shaped(data: ArrayLike<number>, shape: readonly number[], dtype: string = dtypeOf(data)): ShapedArray {
  return { data, shape, dtype };
}

/** A float32 (or integer) array widened to float64, the explicit conversion for comparing it with a float64 reference. */
export function widen(data: ArrayLike<number>): Float64Array {
  return Float64Array.from(data);
}

function multiIndex(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${flat}]`;
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${index.join(', ')}]`;
}

export function assertAllClose(actual: Comparable, expected: Comparable, tol: Tolerance, what: string): void {
  const a = normalise(actual, 'actual', what);
  const e = normalise(expected, 'expected', what);
  assert.deepEqual([...a.shape], [...e.shape], `${what}: shape [${a.shape.join(', ')}] != expected [${e.shape.join(', ')}]`);
  assert.equal(a.dtype, e.dtype, `${what}: dtype ${a.dtype} != expected ${e.dtype}`);
  const bad: { i: number; a: number; e: number; err: number }[] = [];
  for (let i = 0; i < a.data.length; i++) {
    const av = Number(a.data[i]);
    const ev = Number(e.data[i]);
    if (Number.isNaN(ev) || Number.isNaN(av)) {
      if (Number.isNaN(ev) !== Number.isNaN(av)) bad.push({ i, a: av, e: ev, err: Infinity });
      continue;
    }
    if (av === ev) continue; // also covers equal infinities
    // An infinity equals only itself: without this, rtol * |Infinity| would let any finite value pass.
    if (!Number.isFinite(av) || !Number.isFinite(ev)) {
      bad.push({ i, a: av, e: ev, err: Infinity });
      continue;
    }
    const err = Math.abs(av - ev);
    if (!(err <= tol.atol + tol.rtol * Math.abs(ev))) bad.push({ i, a: av, e: ev, err });
  }
  if (bad.length > 0) {
    const first = bad[0];
    bad.sort((p, q) => q.err - p.err);
    const show = (b: typeof first) => `${multiIndex(b.i, a.shape)} got ${b.a} expected ${b.e} (|err| ${b.err.toExponential(2)})`;
    const worst = bad.slice(0, 5).map(show).join('; ');
    assert.fail(`${what}: ${bad.length} of ${a.data.length} values differ beyond rtol ${tol.rtol} atol ${tol.atol}; first ${show(first)}; worst ${worst}`);
  }
}
