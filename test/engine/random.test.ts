// Tests for the seeded generator: reference streams, exact resume, fork independence and distribution checks (all seeded, so never flaky).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, type RngState } from '../../src/engine/random.js';

const N = 100_000;

function draws(rng: Rng, count: number, draw: (r: Rng) => number = (r) => r.uint32()): number[] {
  return Array.from({ length: count }, () => draw(rng));
}

function meanAndVariance(xs: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let squares = 0;
  for (let i = 0; i < xs.length; i++) squares += (xs[i] - mean) ** 2;
  return { mean, variance: squares / (xs.length - 1) };
}

/** Standard normal CDF via Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Largest |empirical CDF - normal CDF| over the sorted samples. */
function ksDistance(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let worst = 0;
  sorted.forEach((x, i) => {
    const cdf = normalCdf(x);
    worst = Math.max(worst, Math.abs((i + 1) / sorted.length - cdf), Math.abs(i / sorted.length - cdf));
  });
  return worst;
}

test('matches the xoshiro128** reference outputs for state [1, 2, 3, 4]', () => {
  const rng = Rng.fromState({ words: [1, 2, 3, 4] });
  assert.deepEqual(draws(rng, 8), [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
});

test('seeds through SplitMix64 like the C reference, so streams agree on every machine', () => {
  const rng = new Rng(12345);
  assert.deepEqual(rng.getState().words, [2849051040, 571572824, 4145281261, 879680741]);
  assert.deepEqual(draws(rng, 6), [2314518269, 2498321016, 2055377852, 4042509560, 1267802836, 503974162]);
});

test('equal seeds give equal streams and different seeds differ', () => {
  assert.deepEqual(draws(new Rng(7), 1000), draws(new Rng(7), 1000));
  const seeds = [0, 1, 2, -1, 2 ** 40, 2 ** 40 + 1, Number.MAX_SAFE_INTEGER];
  const firsts = seeds.map((seed) => draws(new Rng(seed), 4).join(','));
  assert.equal(new Set(firsts).size, seeds.length);
});

test('state survives a JSON round trip and the stream continues identically', () => {
  const rng = new Rng(99);
  draws(rng, 37);
  rng.normal();
  const json = JSON.stringify(rng.getState());
  const mixed = (r: Rng) => [r.uint32(), r.uniform(), r.normal(), r.gumbel(), r.int(0, 1000)];
  const expected = Array.from({ length: 50 }, () => mixed(rng));

  const restored = Rng.fromState(JSON.parse(json) as RngState);
  assert.deepEqual(Array.from({ length: 50 }, () => mixed(restored)), expected);

  const reset = new Rng(1);
  reset.setState(JSON.parse(json) as RngState);
  assert.deepEqual(Array.from({ length: 50 }, () => mixed(reset)), expected);
});

test('invalid states are rejected with a RangeError naming the problem', () => {
  const bad: [unknown, RegExp][] = [
    [null, /state must be an object/],
    [{}, /state\.words must be an array of 4 numbers/],
    [{ words: [1, 2, 3] }, /got 3 words/],
    [{ words: [1, 2, 3, 1.5] }, /state\.words\[3\] must be an integer in \[0, 2\^32\), got 1\.5/],
    [{ words: [-1, 2, 3, 4] }, /state\.words\[0\]/],
    [{ words: [1, 2 ** 32, 3, 4] }, /state\.words\[1\]/],
    [{ words: [1, '2', 3, 4] }, /state\.words\[1\]/],
    [{ words: [0, 0, 0, 0] }, /must not all be zero/],
  ];
  for (const [state, message] of bad) {
    assert.throws(() => Rng.fromState(state as RngState), (e: unknown) => e instanceof RangeError && message.test(e.message));
  }
});

test('fork is deterministic, label-dependent, and does not advance the parent', () => {
  const parent = new Rng(5);
  const before = parent.getState();
  const a1 = parent.fork('init');
  const a2 = parent.fork('init');
  const b = parent.fork('data');
  assert.deepEqual(parent.getState(), before);
  assert.deepEqual(draws(a1, 100), draws(a2, 100));
  const fromB = draws(b, 100);
  assert.notDeepEqual(draws(parent.fork('init'), 100), fromB);
  assert.notDeepEqual(draws(Rng.fromState(before), 100), fromB);
});

test('adding a fork does not shift other streams', () => {
  const plain = new Rng(11);
  const dataPlain = plain.fork('data');
  const withExtra = new Rng(11);
  withExtra.fork('dropout');
  const dataWithExtra = withExtra.fork('data');
  assert.deepEqual(draws(dataWithExtra, 100), draws(dataPlain, 100));
  assert.deepEqual(draws(withExtra, 100), draws(plain, 100));
});

test('forked streams look uncorrelated with their parent', () => {
  const parent = new Rng(3);
  const child = parent.fork('x');
  const u = draws(parent, N, (r) => r.uniform());
  const v = draws(child, N, (r) => r.uniform());
  let covariance = 0;
  for (let i = 0; i < N; i++) covariance += (u[i] - 0.5) * (v[i] - 0.5);
  const correlation = covariance / N / (1 / 12);
  assert.ok(Math.abs(correlation) < 0.015, `correlation ${correlation}`);
});

test('uniform has mean 1/2 and variance 1/12 and stays in [0, 1)', () => {
  const xs = draws(new Rng(1), N, (r) => r.uniform());
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const { mean, variance } = meanAndVariance(xs);
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
});

test('normal has mean 0, std 1 and matches the normal CDF', () => {
  const xs = draws(new Rng(2), N, (r) => r.normal());
  const { mean, variance } = meanAndVariance(xs);
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(variance) - 1) < 0.01, `std ${Math.sqrt(variance)}`);
  const ks = ksDistance(xs);
  assert.ok(ks < 0.01, `KS distance ${ks}`);

  const scaled = meanAndVariance(draws(new Rng(2), N, (r) => r.normal(3, 0.5)));
  assert.ok(Math.abs(scaled.mean - 3) < 0.01 && Math.abs(Math.sqrt(scaled.variance) - 0.5) < 0.01);
});

test('gumbel has mean ≈ 0.5772 (Euler–Mascheroni) and variance π²/6', () => {
  const xs = draws(new Rng(3), N, (r) => r.gumbel());
  assert.ok(xs.every(Number.isFinite));
  const { mean, variance } = meanAndVariance(xs);
  assert.ok(Math.abs(mean - 0.5772156649) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(variance - Math.PI ** 2 / 6) < 0.06, `variance ${variance}`);
});

test('bernoulli returns 0 or 1 at rate p', () => {
  const rng = new Rng(4);
  const xs = draws(rng, N, (r) => r.bernoulli(0.3));
  assert.ok(xs.every((x) => x === 0 || x === 1));
  const rate = xs.reduce<number>((a, b) => a + b, 0) / N;
  assert.ok(Math.abs(rate - 0.3) < 0.007, `rate ${rate}`);
  assert.ok(draws(rng, 1000, (r) => r.bernoulli(0)).every((x) => x === 0));
  assert.ok(draws(rng, 1000, (r) => r.bernoulli(1)).every((x) => x === 1));
});

test('int covers [lo, hi) uniformly and never returns hi', () => {
  const rng = new Rng(5);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < N; i++) {
    const k = rng.int(-3, 7);
    assert.ok(Number.isInteger(k) && k >= -3 && k < 7, `out of range: ${k}`);
    counts[k + 3]++;
  }
  const expected = N / 10;
  const chiSquare = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
  assert.ok(chiSquare < 40, `chi-square ${chiSquare} with 9 degrees of freedom`); // p < 1e-5
  assert.ok(draws(rng, 1000, (r) => r.int(4, 5)).every((k) => k === 4));
});

test('int is unbiased for ranges that do not divide 2^32', () => {
  // Plain modulo would make the lowest third of [0, 3·2^30) twice as likely as the rest.
  const xs = draws(new Rng(6), N, (r) => r.int(0, 3 * 2 ** 30));
  const lowThird = xs.filter((x) => x < 2 ** 30).length / N;
  assert.ok(Math.abs(lowThird - 1 / 3) < 0.01, `low third ${lowThird}`);
});

test('int handles ranges wider than 2^32', () => {
  const xs = draws(new Rng(7), N, (r) => r.int(0, 3 * 2 ** 40));
  assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 3 * 2 ** 40));
  const { mean } = meanAndVariance(xs.map((x) => x / (3 * 2 ** 40)));
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
});

test('shuffle is an in-place permutation and permutation(n) covers 0..n-1 once', () => {
  const rng = new Rng(8);
  const items = Array.from({ length: 50 }, (_, i) => `item${i}`);
  const shuffled = rng.shuffle([...items]);
  assert.deepEqual([...shuffled].sort(), [...items].sort());
  assert.notDeepEqual(shuffled, items);
  const arr = [1, 2, 3];
  assert.equal(rng.shuffle(arr), arr);

  const perm = rng.permutation(1000);
  assert.ok(perm instanceof Int32Array);
  assert.deepEqual(Array.from(perm).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(rng.permutation(0).length, 0);
  assert.deepEqual(Array.from(rng.permutation(1)), [0]);
});

test('shuffle puts each element in each position equally often', () => {
  const rng = new Rng(9);
  const counts = [0, 0, 0, 0]; // where element 0 ends up
  const trials = 40_000;
  for (let t = 0; t < trials; t++) counts[rng.shuffle([0, 1, 2, 3]).indexOf(0)]++;
  for (const c of counts) assert.ok(Math.abs(c / trials - 0.25) < 0.01, `counts ${counts}`);
});

test('choice draws indices in proportion to the weights and never a zero weight', () => {
  const rng = new Rng(10);
  const weights = new Float32Array([1, 0, 3, 6]);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) counts[rng.choice(weights)]++;
  assert.equal(counts[1], 0);
  [0.1, 0, 0.3, 0.6].forEach((p, i) => assert.ok(Math.abs(counts[i] / N - p) < 0.01, `counts ${counts}`));
  assert.ok(draws(rng, 1000, (r) => r.choice([0, 0, 5])).every((k) => k === 2));
});

test('fills write the requested distributions', () => {
  const rng = new Rng(11);
  const out = new Float32Array(N);

  rng.fillUniform(out, -2, 3);
  assert.ok(out.every((x) => x >= -2 && x < 3));
  assert.ok(Math.abs(meanAndVariance(out).mean - 0.5) < 0.03);

  const normal = meanAndVariance(rng.fillNormal(out, 1, 2));
  assert.ok(Math.abs(normal.mean - 1) < 0.02 && Math.abs(Math.sqrt(normal.variance) - 2) < 0.02, JSON.stringify(normal));
  assert.ok(ksDistance(Array.from(rng.fillNormal(out))) < 0.01);
  const odd = rng.fillNormal(new Float32Array(3));
  assert.ok(odd.every((x) => x !== 0 && Number.isFinite(x)));

  rng.fillGumbel(out);
  assert.ok(out.every(Number.isFinite));
  assert.ok(Math.abs(meanAndVariance(out).mean - 0.5772) < 0.02);

  rng.fillBernoulli(out, 0.25);
  assert.ok(out.every((x) => x === 0 || x === 1));
  assert.ok(Math.abs(meanAndVariance(out).mean - 0.25) < 0.007);
});

test('fillUniform never rounds up to hi in float32', () => {
  // The only float32 in [1, 1 + 2^-23) is 1; unclamped, about half the values would round up to hi.
  const out = new Float32Array(1000);
  new Rng(12).fillUniform(out, 1, 1 + 2 ** -23);
  assert.ok(out.every((x) => x === 1));
  new Rng(12).fillUniform(out, -(2 ** -30), 0);
  assert.ok(out.every((x) => x < 0));
});

test('bad arguments throw RangeError, wrong kinds throw TypeError', () => {
  const rng = new Rng(13);
  const out = new Float32Array(4);
  const ranges: [() => unknown, RegExp][] = [
    [() => new Rng(1.5), /Rng: seed must be a safe integer, got 1\.5/],
    [() => rng.bernoulli(1.5), /Rng\.bernoulli: p must be in \[0, 1\], got 1\.5/],
    [() => rng.bernoulli(NaN), /p must be in \[0, 1\], got NaN/],
    [() => rng.fillBernoulli(out, -0.1), /Rng\.fillBernoulli: p must be in \[0, 1\]/],
    [() => rng.normal(0, -1), /Rng\.normal: std must be >= 0, got -1/],
    [() => rng.normal(Infinity), /mean must be finite/],
    [() => rng.fillNormal(out, 0, -1), /Rng\.fillNormal: std must be >= 0/],
    [() => rng.fillUniform(out, 1, 1), /Rng\.fillUniform: lo must be < hi, got lo=1, hi=1/],
    [() => rng.fillUniform(out, 2, 1), /lo must be < hi/],
    [() => rng.int(5, 5), /Rng\.int: lo must be < hiExclusive/],
    [() => rng.int(0, 2.5), /hiExclusive must be a safe integer, got 2\.5/],
    [() => rng.int(-(2 ** 53) + 1, 2 ** 53 - 1), /hiExclusive - lo must be < 2\^53/],
    [() => rng.permutation(-1), /Rng\.permutation: n must be in \[0, 2\^31\], got -1/],
    [() => rng.permutation(1.5), /n must be a safe integer/],
    [() => rng.choice([0, 0]), /Rng\.choice: sum of weights must be finite and > 0, got 0/],
    [() => rng.choice([]), /sum of weights must be finite and > 0, got 0/],
    [() => rng.choice([1, -1]), /weights\[1\] must be finite and >= 0, got -1/],
    [() => rng.choice([1, NaN]), /weights\[1\] must be finite and >= 0, got NaN/],
    [() => rng.choice([1, Infinity]), /weights\[1\]/],
  ];
  for (const [call, message] of ranges) assert.throws(call, (e: unknown) => e instanceof RangeError && message.test(e.message));

  const kinds: [() => unknown, RegExp][] = [
    [() => new Rng('1' as unknown as number), /Rng: seed must be a number, got string/],
    [() => rng.bernoulli('0.5' as unknown as number), /p must be a number, got string/],
    [() => rng.fillUniform([0, 0] as unknown as Float32Array), /Rng\.fillUniform: out must be a Float32Array, got array/],
    [() => rng.fillGumbel(new Float64Array(2) as unknown as Float32Array), /out must be a Float32Array/],
    [() => rng.choice(null as unknown as number[]), /weights must be an array-like of numbers, got null/],
    [() => rng.choice(['1'] as unknown as number[]), /weights\[0\] must be a number, got string/],
    [() => rng.shuffle('abc' as unknown as string[]), /arr must be an array, got string/],
    [() => rng.fork(1 as unknown as string), /label must be a string, got number/],
  ];
  for (const [call, message] of kinds) assert.throws(call, (e: unknown) => e instanceof TypeError && message.test(e.message));
});

test('error messages are one line', () => {
  assert.throws(() => new Rng(13).choice([0]), (e: unknown) => e instanceof Error && !e.message.includes('\n'));
});
