// The text CNN with highway: token ids and exact one-hot rows (B, T, V) give the same logits, and its gradients (also w.r.t. soft rows) match float64 finite differences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/compile.js';
import { softmax } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { Parameters } from '../../src/nn/parameters.js';
import { TextCnn, type TextCnnConfig } from '../../src/nn/text-cnn.js';
import { assertAllClose } from '../helpers/allclose.js';
import { describeGradients } from '../helpers/gradient-check.js';

const V = 7;
const CONFIG: TextCnnConfig = { embedSize: 4, widths: [1, 2, 3], filters: [3, 2, 2], dropout: 0.25 };

function networkOf(seed: number): { network: TextCnn; params: Parameters } {
  const params = new Parameters();
  return { network: new TextCnn('d', CONFIG, V, params, new Rng(seed)), params };
}

describe('text CNN', () => {
  it('scores token ids (B, T) and their exact one-hot rows (B, T, V) alike', async () => {
    const { network, params } = networkOf(51);
    const [B, T] = [3, 6];
    const rng = new Rng(52);
    const ids = Int32Array.from({ length: B * T }, () => rng.int(0, V));
    const oneHot = new Float32Array(B * T * V);
    ids.forEach((id, i) => { oneHot[i * V + id] = 1; });
    const fn = compile({ params, build: ({ data, params: p }) => ({ logits: network.logits(p, data.x, false) }) });
    const fromIds = (await fn.run({ x: { data: ids, shape: [B, T] } })).logits.data as Float32Array;
    const fromRows = (await fn.run({ x: { data: oneHot, shape: [B, T, V] } })).logits.data as Float32Array;
    // a one-hot row times the table adds exact zeros to one table row
    assertAllClose(fromRows, fromIds, { rtol: 1e-6, atol: 1e-7 }, 'logits');
  });

  it('names the rule for a wrong input', () => {
    const { network, params } = networkOf(53);
    const fn = compile({ params, build: ({ data, params: p }) => ({ logits: network.logits(p, data.x, false) }) });
    assert.throws(() => fn.trace({ x: { dtype: 'float32', shape: [2, 5, V + 1] } }), /d: input must be int token ids \(B, T\) or float32 rows \(B, T, V = 7\), got float32\[2, 5, 8\]/);
    assert.throws(() => fn.trace({ x: { dtype: 'int32', shape: [2, 2] } }), /at least 3 positions/);
  });
});

describe('text CNN gradients', () => {
  const [B, T] = [2, 4];
  const { network, params } = networkOf(54);
  describeGradients({
    name: 'TextCnn on soft one-hot rows (gradient w.r.t. the rows too)',
    params,
    dataShapes: { logits: { dtype: 'float32', shape: [B, T, V] } },
    data: { logits: new Rng(55).fillNormal(new Float32Array(B * T * V)) },
    forward: (p, data) => network.logits(p, softmax(data.logits, -1), false), // rows (B, T, V) -> (B)
    wrtData: ['logits'],
  });
});
