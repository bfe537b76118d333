// allclose for tests: checks shape first, passes when |a - e| <= atol + rtol * |e|, NaN equal only to NaN, and reports the worst errors.
import assert from 'node:assert/strict';

export interface Tolerance {
  rtol: number;
  atol: number;
}

export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string, shape?: readonly number[]): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != expected ${expected.length}${shape ? ` for shape [${shape.join(', ')}]` : ''}`);
  const bad: { i: number; a: number; e: number; err: number }[] = [];
  for (let i = 0; i < actual.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) bad.push({ i, a, e, err: Infinity });
      continue;
    }
    if (a === e) continue; // also covers equal infinities
    const err = Math.abs(a - e);
    if (!(err <= tol.atol + tol.rtol * Math.abs(e))) bad.push({ i, a, e, err });
  }
  if (bad.length > 0) {
    bad.sort((p, q) => q.err - p.err);
    const worst = bad.slice(0, 5).map((b) => `[${b.i}] got ${b.a} expected ${b.e} (|err| ${b.err.toExponential(2)})`).join('; ');
    assert.fail(`${what}: ${bad.length} of ${actual.length} values differ beyond rtol ${tol.rtol} atol ${tol.atol}: ${worst}`);
  }
}
