// Prefix decoding's bookkeeping, and a Transformer language model decoded step by step against its teacher-forced logits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendColumn, prefixWindow, type Prefixes } from '../../src/decode/prefix-window.js';
import type { StepModel } from '../../src/decode/step-model.js';
import { LanguageModel } from '../../src/models/lm/model.js';
import { lmStepModel } from '../../src/models/lm/step-model.js';
import { compile } from '../../src/engine/compile.js';
import { logSoftmax, reshape } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { assertAllClose } from '../helpers/allclose.js';

describe('prefix windows', () => {
  it('appends one token per row and pads each step to a multiple of 16 positions', () => {
    let prefixes: Prefixes = { length: 0, tokens: new Int32Array(0) };
    prefixes = appendColumn(prefixes, Int32Array.of(5, 6));
    prefixes = appendColumn(prefixes, Int32Array.of(7, 8));
    assert.deepEqual(prefixes, { length: 2, tokens: Int32Array.of(5, 7, 6, 8) });
    const { window, mask, lastRow, T } = prefixWindow(prefixes, 2, 100);
    assert.equal(T, 16);
    assert.deepEqual(Array.from(window.subarray(0, 3)), [5, 7, 0]);
    assert.deepEqual(Array.from(window.subarray(16, 19)), [6, 8, 0]);
    assert.equal(mask.reduce((s, v) => s + v, 0), 4);
    assert.deepEqual(Array.from(lastRow), [1, 17]);
    assert.equal(prefixWindow(prefixes, 2, 10).T, 10); // capped at maxLength
  });

  it('decodes a Transformer language model step by step exactly as its teacher-forced logits', async () => {
    const [B, T, V] = [3, 18, 20]; // T past 16: the window grows to a second padded length
    const model = new LanguageModel({ cell: 'transformer', layers: 2, embedSize: 8, hiddenSize: 8, heads: 2, dropout: 0, tied: false, maxLength: 32, initScale: 0 }, V, new Rng(3));
    const rng = new Rng(4);
    const x = Int32Array.from({ length: B * T }, () => rng.int(1, V)); // (B, T)
    const forced = compile({
      params: model.params,
      build: ({ data, params }) => ({ logProbs: logSoftmax(reshape(model.forward(params, data.x, { training: false }).logits, [B, T, V]), -1) }), // (B, T, V)
    });
    const want = (await forced.run({ x: { data: x, shape: [B, T] } })).logProbs.data as Float32Array;
    const stepper = lmStepModel(model) as StepModel<unknown>;
    let state = stepper.initialState(B);
    for (let t = 0; t < T; t++) {
      const out = await stepper.step(Int32Array.from({ length: B }, (_, b) => x[b * T + t]), state);
      for (let b = 0; b < B; b++) assertAllClose(out.logProbs.subarray(b * V, (b + 1) * V), want.subarray((b * T + t) * V, (b * T + t + 1) * V), { rtol: 1e-4, atol: 1e-5 }, `row ${b} step ${t}`);
      state = out.state;
    }
  });
});
