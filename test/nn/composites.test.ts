// Composite ops (unfold, conv1d, max-over-time, layer norm, losses) through the op-table checks, plus Conv1d against loops.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OpCase } from '../engine/op-cases/case.js';
import { describeCase } from '../helpers/op-harness.js';
import { unfoldTime, reluMaxOverTime, Conv1d } from '../../src/nn/conv1d.js';
import { normalizeLastAxis } from '../../src/nn/layer-norm.js';
import { sigmoidCrossEntropy, maskedCrossEntropy } from '../../src/nn/losses.js';
import { Parameters } from '../../src/nn/parameters.js';
import { compile } from '../../src/engine/compile.js';
import { Rng } from '../../src/engine/random.js';
import { assertAllClose, widen } from '../helpers/allclose.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const SQ = Math.sqrt(2 / 3 + 1e-5);

const cases: OpCase[] = [
  {
    op: 'unfoldTime', composite: true, name: 'width 2 over T 3, C 2',
    inputs: [{ dtype: 'float32', shape: [1, 3, 2], values: [1, 2, 3, 4, 5, 6] }],
    build: (x) => unfoldTime(x, 2),
    expected: [[1, 2, 3, 4, 3, 4, 5, 6]], // windows (t0,t1) and (t1,t2)
  },
  { op: 'unfoldTime', composite: true, name: 'generated [2, 6, 3], width 4', inputs: [{ dtype: 'float32', shape: [2, 6, 3] }], build: (x) => unfoldTime(x, 4) },
  {
    op: 'reluMaxOverTime', composite: true, name: 'distinct positive values',
    inputs: [{ dtype: 'float32', shape: [1, 3, 2], values: [0.5, 2, 1.5, 0.7, 1, 0.9] }],
    build: reluMaxOverTime, expected: [[1.5, 2]],
  },
  { op: 'reluMaxOverTime', composite: true, name: 'generated positive [3, 5, 4]', inputs: [{ dtype: 'float32', shape: [3, 5, 4], gen: 'positive' }], build: reluMaxOverTime },
  {
    op: 'normalizeLastAxis', composite: true, name: 'rows 1 2 3 and 3 3 6',
    inputs: [{ dtype: 'float32', shape: [2, 3], values: [1, 2, 3, 3, 3, 6] }],
    build: (x) => normalizeLastAxis(x),
    expected: [[-1 / SQ, 0, 1 / SQ, -1 / Math.sqrt(2 + 1e-5), -1 / Math.sqrt(2 + 1e-5), 2 / Math.sqrt(2 + 1e-5)]],
  },
  { op: 'normalizeLastAxis', composite: true, name: 'generated [4, 6]', inputs: [{ dtype: 'float32', shape: [4, 6] }], build: (x) => normalizeLastAxis(x) },
  {
    op: 'sigmoidCrossEntropy', composite: true, name: 'stable at +-100',
    inputs: [{ dtype: 'float32', shape: [4], values: [0, 100, -100, 2] }, { dtype: 'float32', shape: [4], values: [1, 1, 1, 0] }],
    build: sigmoidCrossEntropy, expected: [[Math.log(2), Math.log1p(Math.exp(-100)), 100 + Math.log1p(Math.exp(-100)), 2 + Math.log1p(Math.exp(-2))]],
    grad: false, // Abs has a kink at the 0 in this row; the generated row checks the gradient
  },
  { op: 'sigmoidCrossEntropy', composite: true, name: 'generated logits and soft labels', inputs: [{ dtype: 'float32', shape: [3, 4] }, { dtype: 'float32', shape: [3, 4], gen: 'positive' }], build: sigmoidCrossEntropy },
  {
    op: 'maskedCrossEntropy', composite: true, name: 'padding excluded from the mean',
    inputs: [
      { dtype: 'float32', shape: [3, 2], values: [0, 0, 0, Math.log(3), 5, -5] },
      { dtype: 'int32', shape: [3], values: [0, 1, 0] },
      { dtype: 'float32', shape: [3], values: [1, 1, 0] },
    ],
    build: maskedCrossEntropy, expected: [[(Math.log(2) + Math.log(4 / 3)) / 2]],
  },
  {
    op: 'maskedCrossEntropy', composite: true, name: 'generated [6, 5] with a mask',
    inputs: [{ dtype: 'float32', shape: [6, 5] }, { dtype: 'int32', shape: [6], gen: 'int:0:5' }, { dtype: 'float32', shape: [6], values: [1, 1, 1, 0, 1, 0] }],
    build: (l, t, m) => maskedCrossEntropy(l, t, m),
  },
];

describe('composite ops', () => {
  for (const c of cases) describeCase(c);

  it('Conv1d equals a direct convolution loop', async () => {
    const rng = new Rng(9);
    const params = new Parameters();
    const conv = new Conv1d('conv', 3, 4, 2, params, rng);
    const [B, T, C, F, W] = [2, 5, 3, 4, 2];
    const x = new Float32Array(B * T * C);
    rng.fillNormal(x);
    const fn = compile({ params, build: ({ data, params: p }) => ({ y: conv.forward(p, data.x) }) });
    const y = (await fn.run({ x: { data: x, shape: [B, T, C] } })).y.data as Float32Array;
    const w = params.get('conv.weight'); // (W*C, F), row k*C + c
    const bias = params.get('conv.bias');
    const expected: number[] = [];
    for (const b of range(B)) for (const t of range(T - W + 1)) for (const f of range(F)) {
      let s = bias[f];
      for (const k of range(W)) for (const c of range(C)) s += x[(b * T + t + k) * C + c] * w[(k * C + c) * F + f];
      expected.push(s);
    }
    assert.equal(y.length, expected.length);
    assertAllClose(widen(y), expected, { rtol: 1e-5, atol: 1e-6 }, 'conv1d');
  });
});
