// Transformer layers: causality and key padding on ORT, ORT against the float64 reference, finite differences, and a tiny language model trained end to end.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '../../src/engine/graph.js';
import { compile, type HostTensor } from '../../src/engine/compile.js';
import { compileTrainStep } from '../../src/engine/train-step.js';
import { toOnnx } from '../../src/engine/to-onnx.js';
import { reshape } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { adam } from '../../src/optim/index.js';
import { Parameters } from '../../src/nn/parameters.js';
import { Embedding } from '../../src/nn/embedding.js';
import { Linear } from '../../src/nn/linear.js';
import { maskedCrossEntropy } from '../../src/nn/losses.js';
import { gelu } from '../../src/nn/gelu.js';
import { sinusoidalTable } from '../../src/nn/positional.js';
import { TransformerBlock, TransformerDecoder, type TransformerConfig } from '../../src/nn/transformer.js';
import type { OpCase } from '../engine/op-cases/case.js';
import { describeCase } from '../helpers/op-harness.js';
import { describeGradients, type GradientCase } from '../helpers/gradient-check.js';
import { assertAllClose } from '../helpers/allclose.js';
import { shiftedBatch } from '../helpers/lm-batch.js';

type Params = Readonly<Record<string, Tensor>>;

function randomIds(rng: Rng, count: number, vocabSize: number): Int32Array {
  return Int32Array.from({ length: count }, () => rng.int(0, vocabSize));
}

function decoderConfig(overrides: Partial<TransformerConfig> = {}): TransformerConfig {
  return { vocabSize: 20, width: 16, heads: 4, layers: 2, maxLength: 10, dropout: 0, positions: 'sinusoidal', ...overrides };
}

/** A compiled decoder forward pass: ids (and a key mask when `masked`) -> hidden (B, T, E). */
function compiledDecoder(config: TransformerConfig, seed: number, masked: boolean) {
  const params = new Parameters();
  const decoder = new TransformerDecoder('decoder', config, params, new Rng(seed));
  const fn = compile({ params, build: ({ data, params: p }) => ({ hidden: decoder.forward(p, data.ids, masked ? data.mask : undefined) }) });
  return async (ids: Int32Array, shape: [number, number], mask?: Float32Array): Promise<Float32Array> => {
    const feeds: Record<string, HostTensor> = { ids: { data: ids, shape } };
    if (mask) feeds.mask = { data: mask, shape };
    return (await fn.run(feeds)).hidden.data as Float32Array;
  };
}

/** Hidden rows (b, t) of a (B, T, E) output, as plain numbers. */
function rowsAt(hidden: Float32Array, T: number, E: number, keep: (b: number, t: number) => boolean): number[] {
  const out: number[] = [];
  for (let row = 0; row < hidden.length / E; row++) {
    if (keep(Math.floor(row / T), row % T)) out.push(...hidden.subarray(row * E, (row + 1) * E));
  }
  return out;
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('sinusoidal positions and GELU', () => {
  it('the table holds sin and cos pairs at falling frequencies', () => {
    const table = sinusoidalTable(3, 4);
    const expected = [0, 1, 0, 1, Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01), Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)];
    assertAllClose(table, expected, { rtol: 1e-15, atol: 1e-15 }, 'sinusoidalTable(3, 4)');
  });

  const tanhGelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  const points = [-3, -1, -0.25, 0, 0.5, 2];
  const cases: OpCase[] = [
    { op: 'gelu', composite: true, name: 'the tanh formula at six points', inputs: [{ dtype: 'float32', shape: [6], values: points }], build: gelu, expected: [points.map(tanhGelu)] },
    { op: 'gelu', composite: true, name: 'generated [3, 5]', inputs: [{ dtype: 'float32', shape: [3, 5] }], build: gelu },
  ];
  for (const c of cases) describeCase(c);
});

describe('TransformerDecoder on ORT', () => {
  for (const positions of ['sinusoidal', 'learned'] as const) {
    it(`is causal: a token changes no earlier position's output (${positions} positions)`, async () => {
      const config = decoderConfig({ positions });
      const [B, T, E] = [2, 8, config.width];
      const run = compiledDecoder(config, 11, false);
      const ids = randomIds(new Rng(12), B * T, config.vocabSize);
      const base = await run(ids, [B, T]);
      for (const changed of [0, 3, T - 1]) {
        const edited = Int32Array.from(ids);
        for (let b = 0; b < B; b++) edited[b * T + changed] = (ids[b * T + changed] + 1) % config.vocabSize;
        const out = await run(edited, [B, T]);
        assert.deepEqual(rowsAt(out, T, E, (_b, t) => t < changed), rowsAt(base, T, E, (_b, t) => t < changed), `positions before ${changed} changed`);
        const diff = maxAbsDiff(rowsAt(out, T, E, (_b, t) => t === changed), rowsAt(base, T, E, (_b, t) => t === changed));
        assert.ok(diff > 1e-3, `position ${changed} itself should change, max |diff| ${diff}`);
      }
    });
  }

  it('ignores the values at padded positions (trailing and leading padding)', async () => {
    const config = decoderConfig();
    const [B, T, E] = [2, 8, config.width];
    const mask = Float32Array.from({ length: B * T }, (_, i) => {
      const [b, t] = [Math.floor(i / T), i % T];
      return b === 0 ? Number(t < 5) : Number(t >= 2); // row 0 padded at the end, row 1 at the start
    });
    const real = (b: number, t: number) => mask[b * T + t] === 1;
    const ids = randomIds(new Rng(21), B * T, config.vocabSize);
    const edited = ids.map((v, i) => (mask[i] === 0 ? (v + 7) % config.vocabSize : v));
    const run = compiledDecoder(config, 20, true);
    const base = await run(ids, [B, T], mask);
    const out = await run(edited, [B, T], mask);
    assert.ok(base.every(Number.isFinite) && out.every(Number.isFinite), 'every output, padded queries included, is finite');
    assert.deepEqual(rowsAt(out, T, E, real), rowsAt(base, T, E, real), 'a real position changed with padded tokens');
    // Without the mask the same edit reaches row 1's real positions (they come after its padding).
    const unmasked = compiledDecoder(config, 20, false);
    const diff = maxAbsDiff(rowsAt(await unmasked(edited, [B, T]), T, E, real), rowsAt(await unmasked(ids, [B, T]), T, E, real));
    assert.ok(diff > 1e-3, `without a mask the padded tokens should matter, max |diff| ${diff}`);
  });

  it('lowers to one graph whose size does not grow with the number of heads', () => {
    const nodes = (heads: number) => {
      const params = new Parameters();
      const decoder = new TransformerDecoder('decoder', decoderConfig({ width: 32, heads, layers: 2, maxLength: 16 }), params, new Rng(1));
      const fn = compile({ params, build: ({ data, params: p }) => ({ hidden: decoder.forward(p, data.ids) }) });
      const { graph, outputs } = fn.trace({ ids: { dtype: 'int32', shape: [4, 16] } });
      return toOnnx(graph, outputs).nodeCount;
    };
    assert.equal(nodes(4), nodes(1), 'heads are batched into rank-5 MatMuls, not unrolled');
  });

  it('declares dropout random inputs only when training', () => {
    const params = new Parameters();
    const decoder = new TransformerDecoder('decoder', decoderConfig({ dropout: 0.1, layers: 1 }), params, new Rng(2));
    const fn = compile({ params, build: ({ data, params: p }) => ({ train: decoder.forward(p, data.ids, undefined, true) }) });
    const { graph } = fn.trace({ ids: { dtype: 'int32', shape: [2, 4] } });
    const random = [...graph.inputs.values()].filter((i) => i.kind === 'random').map((i) => i.name);
    assert.deepEqual(random.sort(), ['decoder.block0.attn.weights_dropout', 'decoder.block0.attn_residual_dropout', 'decoder.block0.mlp_residual_dropout', 'decoder.embed_dropout']);
    const evalFn = compile({ params, build: ({ data, params: p }) => ({ hidden: decoder.forward(p, data.ids) }) });
    const evalGraph = evalFn.trace({ ids: { dtype: 'int32', shape: [2, 4] } }).graph;
    assert.equal([...evalGraph.inputs.values()].filter((i) => i.kind === 'random').length, 0);
  });

  it('rejects bad configurations and over-long inputs with one-line errors', () => {
    assert.throws(() => new TransformerDecoder('decoder', decoderConfig({ width: 30, heads: 4 }), new Parameters(), new Rng(1)), /^RangeError: decoder: width must be divisible by heads \(4\), got 30$/);
    assert.throws(() => new TransformerDecoder('decoder', decoderConfig({ dropout: 1 }), new Parameters(), new Rng(1)), /decoder: dropout must be in \[0, 1\), got 1/);
    const narrow = new Embedding('embed', 20, 8, new Parameters(), new Rng(1));
    assert.throws(() => new TransformerDecoder('decoder', decoderConfig(), new Parameters(), new Rng(1), narrow), /decoder: the shared token embedding must be \(20, 16\)/);
    const sharedParams = new Parameters();
    const shared = new Embedding('embed', 20, 16, sharedParams, new Rng(1));
    assert.equal(new TransformerDecoder('decoder', decoderConfig(), sharedParams, new Rng(1), shared).tokens, shared);
    const params = new Parameters();
    const decoder = new TransformerDecoder('decoder', decoderConfig({ maxLength: 6 }), params, new Rng(1));
    const fn = compile({ params, build: ({ data, params: p }) => ({ hidden: decoder.forward(p, data.ids) }) });
    assert.throws(() => fn.trace({ ids: { dtype: 'int32', shape: [2, 7] } }), /decoder: sequence length T must be <= maxLength 6, got 7/);
  });
});

function blockCase(): GradientCase {
  const [B, T, E] = [2, 5, 8];
  const params = new Parameters();
  const block = new TransformerBlock('block', E, 2, params, new Rng(31), { activation: 'gelu' });
  const rng = new Rng(32);
  const x = rng.fillNormal(new Float32Array(B * T * E));
  const mask = Float32Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1, 1]);
  return {
    name: 'TransformerBlock (GELU, key mask)', params,
    dataShapes: { x: { dtype: 'float32', shape: [B, T, E] }, mask: { dtype: 'float32', shape: [B, T] } },
    data: { x, mask },
    forward: (p, data) => block.forward(p, data.x, data.mask),
  };
}

function decoderCase(): GradientCase {
  const [B, T] = [2, 4];
  const params = new Parameters();
  const config = decoderConfig({ vocabSize: 7, width: 6, heads: 3, layers: 2, maxLength: 5, positions: 'learned', activation: 'relu' });
  const decoder = new TransformerDecoder('decoder', config, params, new Rng(41));
  return {
    name: 'TransformerDecoder (learned positions, ReLU, key mask)', params,
    dataShapes: { ids: { dtype: 'int32', shape: [B, T] }, mask: { dtype: 'float32', shape: [B, T] } },
    data: { ids: randomIds(new Rng(42), B * T, 7), mask: Float32Array.from([1, 1, 1, 1, 0, 1, 1, 1]) },
    forward: (p, data) => decoder.forward(p, data.ids, data.mask),
  };
}

describe('Transformer gradients', () => {
  for (const makeCase of [blockCase, decoderCase]) describeGradients(makeCase());
});

describe('a tiny Transformer language model', () => {
  const V = 24;
  const [B, T] = [4, 8];
  const config = (dropout: number): TransformerConfig => ({ vocabSize: V, width: 32, heads: 4, layers: 2, maxLength: T, dropout, positions: 'sinusoidal' });

  /** Decoder, a Linear head to V, and the mean next-token cross-entropy. */
  function trainer(seed: number, dropout = 0) {
    const params = new Parameters();
    const rng = new Rng(seed);
    const decoder = new TransformerDecoder('decoder', config(dropout), params, rng);
    const head = new Linear('head', config(dropout).width, V, params, rng);
    // A small output layer (like GPT-2's) starts the prediction near uniform: Linear's default U(+-1/sqrt(E))
    // on unit-variance layer-norm outputs gives logits of variance 1/3, an initial loss near ln V + 1/6.
    params.set(head.weight, params.shape(head.weight), params.get(head.weight).map((w) => 0.1 * w));
    const loss = (p: Params, x: Tensor, y: Tensor) => {
      const hidden = decoder.forward(p, x, undefined, dropout > 0); // (B, T, E)
      const logits = head.forward(p, reshape(hidden, [B * T, config(dropout).width])); // (B*T, E) -> (B*T, V)
      return maskedCrossEntropy(logits, reshape(y, [B * T]));
    };
    return compileTrainStep({ params, loss: ({ data, params: p }) => ({ loss: loss(p, data.x, data.y) }), optimizer: adam(), clipNorm: 1, rng: new Rng(seed).fork('dropout') });
  }

  function batch(seed: number): Record<string, HostTensor> {
    const { x, y } = shiftedBatch(new Rng(seed), B, T, V);
    return { x: { data: x, shape: [B, T] }, y: { data: y, shape: [B, T] } };
  }

  it('starts with a loss within 0.15 of ln V', async () => {
    const { loss } = await trainer(1).run(batch(1), { lr: 0 });
    assert.ok(Math.abs(loss - Math.log(V)) < 0.15, `initial loss ${loss} vs ln V = ${Math.log(V)}`);
  });

  it('overfits one repeated batch', async () => {
    const step = trainer(2);
    const data = batch(2);
    const first = (await step.run(data, { lr: 3e-3 })).loss;
    let last = first;
    let steps = 1;
    while (last >= 0.3 && steps < 300) {
      last = (await step.run(data, { lr: 3e-3 })).loss;
      steps++;
    }
    assert.ok(last < 0.3, `loss fell from ${first} only to ${last} in ${steps} steps`);
  });

  it('gives identical losses for identical seeds (with dropout) and different ones otherwise', async () => {
    const run = async (seed: number) => {
      const step = trainer(seed, 0.1);
      const losses: number[] = [];
      for (let i = 0; i < 4; i++) losses.push((await step.run(batch(10 + i), { lr: 3e-3 })).loss);
      return losses;
    };
    const first = await run(3);
    assert.deepEqual(await run(3), first);
    assert.notDeepEqual(await run(4), first);
  });
});
