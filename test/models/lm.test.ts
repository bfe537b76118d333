// The language models (LSTM, GRU, RNN, Transformer) built from the engine: loss at init, overfitting, determinism, checkpoints, ORT vs reference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanguageModel } from '../../src/models/lm/model.js';
import type { LmConfig, LmCell } from '../../src/models/lm/config.js';
import { reduceMean } from '../../src/engine/ops/index.js';
import { compileTrainStep } from '../../src/engine/train-step.js';
import { compile } from '../../src/engine/compile.js';
import { grad } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { nd } from '../../src/engine/ndarray.js';
import { Rng } from '../../src/engine/random.js';
import { adam } from '../../src/optim/index.js';
import { saveBuffers, loadBuffers } from '../../src/engine/buffer-checkpoint.js';
import { assertAllClose } from '../helpers/allclose.js';
import { shiftedBatch } from '../helpers/lm-batch.js';
import { hostToNumbers } from '../helpers/host.js';

const V = 50;
const B = 4;
const T = 6;

function batch(seed: number): { x: Int32Array; y: Int32Array } {
  return shiftedBatch(new Rng(seed), B, T, V);
}

function configOf(cell: LmCell, small = false): LmConfig {
  return { cell, layers: small ? 1 : 2, embedSize: small ? 6 : 16, hiddenSize: small ? 6 : 16, heads: 2, dropout: 0, tied: false, maxLength: 16, initScale: 0 };
}

/** Mean next-token NLL over all positions (no padding in these batches). */
function meanLoss(model: LanguageModel) {
  return ({ data, params }: { data: Record<string, import('../../src/engine/graph.js').Tensor>; params: Record<string, import('../../src/engine/graph.js').Tensor> }) =>
    ({ loss: reduceMean(model.tokenNll(params, data.x, data.y, { training: false }).nll) });
}

function trainer(cell: LmCell, seed: number) {
  const model = new LanguageModel(configOf(cell), V, new Rng(seed));
  const step = compileTrainStep({ params: model.params, loss: meanLoss(model), optimizer: adam(), clipNorm: 5 });
  return { model, step };
}

const feeds = ({ x, y }: { x: Int32Array; y: Int32Array }) => ({ x: { data: x, shape: [B, T] }, y: { data: y, shape: [B, T] } });

for (const cell of ['lstm', 'gru', 'rnn', 'transformer'] as const) {
  describe(`${cell} language model`, () => {
    it('starts with a loss near ln(V)', async () => {
      const { step } = trainer(cell, 1);
      const { loss } = await step.run(feeds(batch(1)), { lr: 0 });
      assert.ok(Math.abs(loss - Math.log(V)) < 0.1, `initial loss ${loss} vs ln V = ${Math.log(V)}`);
    });

    it('overfits one repeated batch', async () => {
      const { step } = trainer(cell, 2);
      const data = feeds(batch(2));
      const first = (await step.run(data, { lr: 0.03 })).loss;
      let last = first;
      for (let i = 0; i < 200; i++) last = (await step.run(data, { lr: 0.03 })).loss;
      assert.ok(last < 0.3, `loss fell from ${first} only to ${last}`);
    });

    it('gives identical losses for identical seeds and different ones otherwise', async () => {
      const run = async (seed: number) => {
        const { step } = trainer(cell, seed);
        const out: number[] = [];
        for (let i = 0; i < 4; i++) out.push((await step.run(feeds(batch(10 + i)), { lr: 0.01 })).loss);
        return out;
      };
      const a = await run(3);
      assert.deepEqual(await run(3), a);
      assert.notDeepEqual(await run(4), a);
    });

    it('round-trips a checkpoint exactly', async () => {
      const { model, step } = trainer(cell, 5);
      for (let i = 0; i < 3; i++) await step.run(feeds(batch(20 + i)), { lr: 0.01 });
      const path = join(await mkdtemp(join(tmpdir(), 'tf-lm-')), 'last.safetensors');
      await saveBuffers(path, { params: model.params, optimizer: step.state }, { step: step.stepCount });
      const restored = trainer(cell, 99);
      const meta = await loadBuffers(path, { params: restored.model.params, optimizer: restored.step.state });
      assert.deepEqual(meta, { step: 3 });
      for (const n of model.params.names()) assert.deepEqual(restored.model.params.get(n), model.params.get(n), n);
      restored.step.stepCount = step.stepCount;
      const next = feeds(batch(30));
      assert.equal((await restored.step.run(next, { lr: 0.01 })).loss, (await step.run(next, { lr: 0.01 })).loss);
    });

    it('ORT loss and gradients match the float64 reference', async () => {
      const model = new LanguageModel(configOf(cell, true), 20, new Rng(6));
      const rng = new Rng(60);
      const x = Int32Array.from({ length: 6 }, () => rng.int(0, 20));
      const y = Int32Array.from({ length: 6 }, () => rng.int(0, 20));
      const names = model.params.names();
      const fn = compile({
        params: model.params,
        build: ({ data, params }) => {
          const loss = meanLoss(model)({ data, params }).loss;
          const grads = grad(loss, names.map((n) => params[n]));
          return { loss, ...Object.fromEntries(names.map((n, i) => [`grad.${n}`, grads[i]])) };
        },
      });
      const data = { x: { data: x, shape: [2, 3] }, y: { data: y, shape: [2, 3] } };
      const got = await fn.run(data);
      const { outputs } = fn.trace({ x: { dtype: 'int32', shape: [2, 3] }, y: { dtype: 'int32', shape: [2, 3] } });
      const refFeeds: Record<string, ReturnType<typeof nd>> = { x: nd('int32', [2, 3], x), y: nd('int32', [2, 3], y) };
      for (const n of names) refFeeds[n] = nd('float32', model.params.shape(n), model.params.get(n));
      const keys = Object.keys(outputs);
      const want = evaluate(keys.map((k) => outputs[k]), refFeeds);
      keys.forEach((k, i) => assertAllClose(hostToNumbers(got[k].data as Float32Array), want[i].data, { rtol: 1e-4, atol: 1e-6 }, k));
    });
  });
}
