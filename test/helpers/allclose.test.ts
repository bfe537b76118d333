// The allclose helper itself: it refuses a shape or dtype mismatch before looking at values, NaN matches only NaN, and a failure names the index and both values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose, shaped, widen } from './allclose.js';

const TOL = { rtol: 1e-5, atol: 1e-8 };

/** Assert that allclose fails with a message matching `pattern`. */
function rejects(run: () => void, pattern: RegExp): void {
  assert.throws(run, (e: Error) => e instanceof assert.AssertionError && pattern.test(e.message));
}

describe('assertAllClose', () => {
  it('passes within atol + rtol * |expected| and fails just beyond it', () => {
    assertAllClose([1, 100, -3], [1 + 0.9e-5, 100 + 0.9e-3, -3], TOL, 'within');
    rejects(() => assertAllClose([100 + 1.1e-3], [100], TOL, 'beyond'), /^beyond: 1 of 1 values differ beyond rtol 0.00001 atol 1e-8/);
    rejects(() => assertAllClose([1e-7], [0], TOL, 'atol'), /atol: 1 of 1/);
  });

  it('rejects a shape mismatch, also when the number of values agrees', () => {
    rejects(() => assertAllClose(shaped([1, 2, 3, 4, 5, 6], [2, 3]), shaped([1, 2, 3, 4, 5, 6], [3, 2]), TOL, 'w'), /^w: shape \[2, 3\] != expected \[3, 2\]/);
    rejects(() => assertAllClose([1, 2, 3], [1, 2], TOL, 'v'), /^v: shape \[3\] != expected \[2\]/);
    rejects(() => assertAllClose(shaped([1, 2, 3], [2, 2]), [1, 2, 3, 4], TOL, 'short'), /^short: actual holds 3 values, and its shape \[2, 2\] needs 4/);
  });

  it('rejects a dtype mismatch: a float32 result against a float64 reference must be widened explicitly', () => {
    const got = Float32Array.of(0.5, 0.25);
    rejects(() => assertAllClose(got, [0.5, 0.25], TOL, 'p'), /^p: dtype float32 != expected float64/);
    rejects(() => assertAllClose(Int32Array.of(1, 2), Float32Array.of(1, 2), TOL, 'ids'), /^ids: dtype int32 != expected float32/);
    rejects(() => assertAllClose(shaped([1], [1], 'int64'), shaped([1], [1], 'float32'), TOL, 'tensor'), /dtype int64 != expected float32/);
    assertAllClose(widen(got), [0.5, 0.25], TOL, 'widened');
    assertAllClose(got, Float32Array.of(0.5, 0.25), TOL, 'same dtype');
  });

  it('treats NaN as equal only to NaN, and an infinity only to itself', () => {
    assertAllClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], TOL, 'special');
    rejects(() => assertAllClose([NaN], [0], TOL, 'nan'), /^nan: 1 of 1 values differ.*\[0\] got NaN expected 0/);
    rejects(() => assertAllClose([0], [NaN], TOL, 'nan'), /got 0 expected NaN/);
    rejects(() => assertAllClose([1e30], [Infinity], TOL, 'inf'), /got 1e\+30 expected Infinity/);
    rejects(() => assertAllClose([-Infinity], [Infinity], TOL, 'inf'), /got -Infinity expected Infinity/);
  });

  it('reports the first bad value by its multi-index, then the worst errors first', () => {
    rejects(
      () => assertAllClose(shaped([0, 1.1, 2, 3, 4, 9], [2, 3]), shaped([0, 1, 2, 3, 4, 5], [2, 3]), TOL, 'm'),
      /^m: 2 of 6 values differ beyond rtol 0.00001 atol 1e-8; first \[0, 1\] got 1.1 expected 1 \(\|err\| 1.00e-1\); worst \[1, 2\] got 9 expected 5 \(\|err\| 4.00e\+0\); \[0, 1\] got 1.1/,
    );
  });
});
