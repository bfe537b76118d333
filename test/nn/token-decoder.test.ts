// The shared token decoder: teacher-forced logits equal step-by-step decoding for every cell and conditioning, and its gradients match float64 finite differences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/compile.js';
import { logSoftmax } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { Parameters } from '../../src/nn/parameters.js';
import { TokenDecoder, type DecoderCell, type DecoderConditioning, type TokenDecoderConfig } from '../../src/nn/token-decoder.js';
import { decoderStepModel, selectRowsOf } from '../../src/nn/decoder-step.js';
import type { StepModel } from '../../src/decode/step-model.js';
import { assertAllClose } from '../helpers/allclose.js';
import { describeGradients } from '../helpers/gradient-check.js';

const [V, E, H, Z] = [11, 6, 6, 3];
const TIGHT = { rtol: 1e-6, atol: 1e-7 };

function decoderOf(cell: DecoderCell, conditioning: DecoderConditioning | undefined, overrides: Partial<TokenDecoderConfig> = {}): { decoder: TokenDecoder; params: Parameters } {
  const params = new Parameters();
  const config: TokenDecoderConfig = {
    cell, vocabSize: V, embedSize: E, hiddenSize: H, layers: 2, tied: false, heads: 2, maxLength: 40,
    embedDropout: 0, layerDropout: 0, outputDropout: 0, ...(conditioning ? { conditioning } : {}), ...overrides,
  };
  return { decoder: new TokenDecoder(config, params, new Rng(3)), params };
}

const CONDITIONINGS: Record<string, DecoderConditioning | undefined> = {
  none: undefined,
  init: { size: Z, initialState: true, everyStep: false },
  input: { size: Z, initialState: false, everyStep: true },
  both: { size: Z, initialState: true, everyStep: true },
};

describe('token decoder: teacher forcing equals step-by-step decoding', () => {
  const [B, T] = [3, 18]; // T past 16: a Transformer's prefix window grows to a second padded length
  for (const cell of ['lstm', 'gru', 'rnn', 'transformer'] as const) {
    for (const [label, conditioning] of Object.entries(CONDITIONINGS)) {
      it(`${cell}, conditioning ${label}${cell === 'gru' ? ', tied through a projection' : ''}`, async () => {
        const { decoder, params } = decoderOf(cell, conditioning, cell === 'gru' ? { tied: true, hiddenSize: 8 } : {});
        const rng = new Rng(4);
        const x = Int32Array.from({ length: B * T }, () => rng.int(0, V)); // (B, T)
        const z = rng.fillNormal(new Float32Array(B * Z)); // (B, Z)
        const forced = compile({
          params,
          build: ({ data, params: p }) => ({ logProbs: logSoftmax(decoder.forward(p, data.x, { training: false, condition: conditioning ? data.z : undefined, order: 'time' }).logits, -1) }), // (T*B, V)
        });
        const want = (await forced.run({ x: { data: x, shape: [B, T] }, ...(conditioning ? { z: { data: z, shape: [B, Z] } } : {}) })).logProbs.data as Float32Array;
        const stepper = decoderStepModel(decoder, params, { names: { step: `test_step_${cell}_${label}`, prefix: `test_prefix_${cell}_${label}` }, ...(conditioning ? { codes: { z, B } } : {}) }) as StepModel<unknown>;
        let state = stepper.initialState(B);
        for (let t = 0; t < T; t++) {
          const out = await stepper.step(Int32Array.from({ length: B }, (_, b) => x[b * T + t]), state);
          assertAllClose(out.logProbs, want.subarray(t * B * V, (t + 1) * B * V), { rtol: 1e-4, atol: 1e-5 }, `${cell} ${label} step ${t}`);
          state = out.state;
        }
      });
    }
  }

  it('keeps each beam row with its own code: rows b * R + r of a repeated batch decode like row b, also after selectRows', async () => {
    for (const cell of ['lstm', 'transformer'] as const) {
      const { decoder, params } = decoderOf(cell, CONDITIONINGS.both);
      const [B, R] = [2, 3];
      const z = new Rng(5).fillNormal(new Float32Array(B * Z));
      const stepper = decoderStepModel(decoder, params, { names: { step: 'beam_step', prefix: 'beam_prefix' }, codes: { z, B } }) as StepModel<unknown>;
      const single = await stepper.step(Int32Array.of(1, 2), stepper.initialState(B));
      const repeated = await stepper.step(Int32Array.of(1, 1, 1, 2, 2, 2), stepper.initialState(B * R));
      // the same rows in batches of different sizes may round differently in the last bit
      for (let row = 0; row < B * R; row++) assertAllClose(repeated.logProbs.subarray(row * V, (row + 1) * V), single.logProbs.subarray(Math.floor(row / R) * V, (Math.floor(row / R) + 1) * V), TIGHT, `${cell} row ${row}`);
      const swapped = stepper.selectRows(single.state, Int32Array.of(1, 0));
      const a = await stepper.step(Int32Array.of(4, 4), swapped);
      const b = await stepper.step(Int32Array.of(4, 4), single.state);
      assertAllClose(a.logProbs, selectRowsOf(b.logProbs, V, [1, 0]), TIGHT, `${cell}: selectRows moves the code with the state`);
      assert.throws(() => stepper.initialState(5), /batch must be a positive multiple of B = 2, got 5/);
    }
  });

  it('refuses to read past the Transformer window', async () => {
    const { decoder, params } = decoderOf('transformer', undefined, { maxLength: 2 });
    const stepper = decoderStepModel(decoder, params, { names: { step: 'short_step', prefix: 'short_prefix' } }) as StepModel<unknown>;
    let state = stepper.initialState(1);
    for (let t = 0; t < 2; t++) state = (await stepper.step(Int32Array.of(1), state)).state;
    await assert.rejects(stepper.step(Int32Array.of(1), state), /reads at most 2 tokens/);
  });
});

describe('token decoder gradients', () => {
  const [B, T] = [2, 3];
  const ids = Int32Array.from({ length: B * T }, (_, i) => (i * 5 + 1) % V);
  const z = new Rng(8).fillNormal(new Float32Array(B * Z));
  const mask = Float32Array.of(1, 1, 1, 1, 1, 0);
  const cases: [DecoderCell, string, Partial<TokenDecoderConfig>][] = [
    ['lstm', 'both', {}],
    ['gru', 'init', { tied: true, hiddenSize: 8 }],
    ['rnn', 'input', { tied: true }],
    ['transformer', 'both', { layers: 1 }],
  ];
  for (const [cell, label, overrides] of cases) {
    const { decoder, params } = decoderOf(cell, CONDITIONINGS[label], overrides);
    describeGradients({
      name: `TokenDecoder (${cell}, conditioning ${label}${overrides.tied ? ', tied' : ''}, key mask)`,
      params,
      dataShapes: { ids: { dtype: 'int32', shape: [B, T] }, z: { dtype: 'float32', shape: [B, Z] }, mask: { dtype: 'float32', shape: [B, T] } },
      data: { ids, z, mask },
      forward: (p, data) => decoder.forward(p, data.ids, { training: false, condition: data.z, mask: data.mask }).logits, // (B*T, V)
    });
  }
});
