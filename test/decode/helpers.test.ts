// Unit tests for the pure decoding helpers: tempered softmax, top-k, top-p, argmax, the inverse-CDF draw and length normalisation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { softmaxWithTemperature } from '../../src/decode/softmax.js';
import { keepTopK } from '../../src/decode/top-k.js';
import { keepTopP } from '../../src/decode/top-p.js';
import { argmax } from '../../src/decode/argmax.js';
import { drawFromCdf } from '../../src/decode/draw.js';
import { Rng } from '../../src/engine/random.js';
import { bestReachableScore, lengthNormalizedScore } from '../../src/decode/length-penalty.js';

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) <= tolerance, `[${i}] got ${actual[i]}, expected ${e}`));
}

function entropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log(probs[i]);
  return h;
}

describe('softmaxWithTemperature', () => {
  it('recovers the probabilities from log-probabilities at temperature 1', () => {
    assertClose(softmaxWithTemperature([Math.log(0.5), Math.log(0.3), Math.log(0.2)]), [0.5, 0.3, 0.2]);
  });

  it('raises probabilities to the power 1/T and renormalises', () => {
    const logs = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const squared = [0.25, 0.09, 0.04].map((p) => p / 0.38);
    assertClose(softmaxWithTemperature(logs, 0.5), squared);
  });

  it('is sharper below temperature 1 and flatter above', () => {
    const logs = [Math.log(0.6), Math.log(0.25), Math.log(0.1), Math.log(0.05)];
    const [cold, neutral, hot] = [0.5, 1, 2].map((t) => entropy(softmaxWithTemperature(logs, t)));
    assert.ok(cold < neutral && neutral < hot, `entropies ${cold}, ${neutral}, ${hot}`);
  });

  it('is stable for large logits and gives -Infinity exactly 0', () => {
    assertClose(softmaxWithTemperature([1000, -Infinity, 1000]), [0.5, 0, 0.5]);
  });

  it('rejects bad inputs', () => {
    assert.throws(() => softmaxWithTemperature([0, 1], 0), { name: 'RangeError', message: 'softmaxWithTemperature: temperature must be > 0, got 0' });
    assert.throws(() => softmaxWithTemperature([-Infinity, -Infinity]), { name: 'RangeError', message: 'softmaxWithTemperature: logits must have at least one finite entry, got all -Infinity' });
    assert.throws(() => softmaxWithTemperature([0, NaN]), { name: 'RangeError', message: 'softmaxWithTemperature: logits[1] must be finite or -Infinity, got NaN' });
    assert.throws(() => softmaxWithTemperature([]), { name: 'RangeError', message: 'softmaxWithTemperature: logits must be non-empty, got length 0' });
    assert.throws(() => softmaxWithTemperature('ab' as unknown as number[]), { name: 'TypeError', message: 'softmaxWithTemperature: logits must be an array or typed array of numbers, got string' });
  });
});

describe('keepTopK', () => {
  it('keeps the k largest and renormalises', () => {
    assertClose(keepTopK([0.1, 0.4, 0.2, 0.3], 2), [0, 4 / 7, 0, 3 / 7]);
  });

  it('keeps exactly k among ties, lowest indices first', () => {
    assertClose(keepTopK([0.1, 0.3, 0.3, 0.3], 2), [0, 0.5, 0.5, 0]);
  });

  it('keeps everything when k covers the positive entries, never zeros', () => {
    assertClose(keepTopK([0.5, 0, 0.5], 3), [0.5, 0, 0.5]);
  });

  it('rejects bad k and bad probabilities', () => {
    assert.throws(() => keepTopK([0.5, 0.5], 0), { name: 'RangeError', message: 'keepTopK: k must be an integer >= 1, got 0' });
    assert.throws(() => keepTopK([0.5, 0.5], 1.5), { name: 'RangeError', message: 'keepTopK: k must be an integer >= 1, got 1.5' });
    assert.throws(() => keepTopK([0.5, -0.5], 1), { name: 'RangeError', message: 'keepTopK: probs[1] must be finite and >= 0, got -0.5' });
    assert.throws(() => keepTopK([0, 0], 1), { name: 'RangeError', message: 'keepTopK: sum of probs must be finite and > 0, got 0' });
  });
});

describe('keepTopP', () => {
  const probs = [0.125, 0.5, 0.125, 0.25];

  it('keeps the smallest most-probable set reaching p, boundary included', () => {
    assertClose(keepTopP(probs, 0.75), [0, 2 / 3, 0, 1 / 3]);
    assertClose(keepTopP(probs, 0.76), [0.125 / 0.875, 0.5 / 0.875, 0, 0.25 / 0.875]);
  });

  it('always keeps the most probable token', () => {
    assertClose(keepTopP(probs, 0.5), [0, 1, 0, 0]);
    assertClose(keepTopP(probs, 0.01), [0, 1, 0, 0]);
  });

  it('keeps every positive entry at p = 1', () => {
    assertClose(keepTopP([0.25, 0, 0.75], 1), [0.25, 0, 0.75]);
  });

  it('works on unnormalised weights and breaks ties by index', () => {
    assertClose(keepTopP([1, 1, 1, 1], 0.5), [0.5, 0.5, 0, 0]);
    assertClose(keepTopP([1, 2, 1], 0.5), [0, 1, 0]);
  });

  it('rejects p outside (0, 1]', () => {
    assert.throws(() => keepTopP(probs, 0), { name: 'RangeError', message: 'keepTopP: p must be in (0, 1], got 0' });
    assert.throws(() => keepTopP(probs, 1.5), { name: 'RangeError', message: 'keepTopP: p must be in (0, 1], got 1.5' });
    assert.throws(() => keepTopP(probs, '0.5' as unknown as number), { name: 'TypeError', message: 'keepTopP: p must be a number, got string' });
  });
});

describe('top-k and top-p against a sort-every-index reference', () => {
  /** Indices of the positive entries, most probable first, ties in ascending index order. */
  function ranked(probs: readonly number[]): number[] {
    return probs.map((_, i) => i).filter((i) => probs[i] > 0).sort((a, b) => probs[b] - probs[a] || a - b);
  }

  function keptOnly(probs: readonly number[], kept: readonly number[]): number[] {
    const total = kept.reduce((sum, i) => sum + probs[i], 0);
    return probs.map((p, i) => (kept.includes(i) ? p / total : 0));
  }

  it('agree on random rows with many ties', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const probs = Array.from({ length: rng.int(1, 12) }, () => rng.int(0, 4) / 4); // quarters: lots of ties and zeros
      if (!probs.some((p) => p > 0)) probs[0] = 1;
      const order = ranked(probs);
      const k = rng.int(1, 14);
      assertClose(keepTopK(probs, k), keptOnly(probs, order.slice(0, k)));
      const p = rng.int(1, 21) / 20;
      const total = probs.reduce((sum, q) => sum + q, 0);
      let cumulative = 0;
      const nucleus = order.filter((i) => (cumulative < p * total ? ((cumulative += probs[i]), true) : false));
      assertClose(keepTopP(probs, p), keptOnly(probs, nucleus));
    }
  });
});

describe('argmax', () => {
  it('returns the largest entry, ties to the lowest index', () => {
    assert.equal(argmax([0.1, 0.7, 0.2]), 1);
    assert.equal(argmax([-1, -0.5, -0.5, -2]), 1);
    assert.equal(argmax(Float32Array.of(-Infinity, -Infinity, -3)), 2);
  });

  it('skips NaN and rejects a row of NaN', () => {
    assert.equal(argmax([NaN, 0.1, 0.2]), 2);
    assert.throws(() => argmax([NaN, NaN]), { name: 'RangeError', message: 'argmax: row must have a non-NaN entry, got all 2 NaN' });
  });
});

describe('drawFromCdf', () => {
  const weights = [0.25, 0, 0.5, 0.25];

  it('inverts the cumulative distribution and never draws zero weights', () => {
    const cases: [number, number][] = [[0, 0], [0.2499, 0], [0.25, 2], [0.7499, 2], [0.75, 3], [0.9999999, 3]];
    for (const [u, expected] of cases) assert.equal(drawFromCdf(weights, u), expected, `u = ${u}`);
  });

  it('scales u by the total for unnormalised weights', () => {
    assert.equal(drawFromCdf([1, 3], 0.24), 0);
    assert.equal(drawFromCdf([1, 3], 0.26), 1);
  });

  it('rejects u outside [0, 1)', () => {
    assert.throws(() => drawFromCdf(weights, 1), { name: 'RangeError', message: 'drawFromCdf: u must be in [0, 1), got 1' });
    assert.throws(() => drawFromCdf(weights, -0.1), { name: 'RangeError', message: 'drawFromCdf: u must be in [0, 1), got -0.1' });
    assert.throws(() => drawFromCdf([0, Infinity], 0.5), { name: 'RangeError', message: 'drawFromCdf: weights[1] must be finite and >= 0, got Infinity' });
  });
});

describe('length normalisation', () => {
  it('divides by length^lengthPenalty, and penalty 0 is the raw sum', () => {
    assert.equal(lengthNormalizedScore(-6, 4, 0), -6);
    assert.equal(lengthNormalizedScore(-6, 4, 1), -1.5);
    assert.equal(lengthNormalizedScore(-8, 4, 0.5), -4);
  });

  it('bounds a live hypothesis at the most favourable reachable length', () => {
    assert.equal(bestReachableScore(-6, 2, 10, 0), -6);
    assert.equal(bestReachableScore(-6, 2, 10, 1), -0.6); // longest: maxLength
    assert.equal(bestReachableScore(-6, 2, 10, -1), -18); // shortest: one more token
  });
});
