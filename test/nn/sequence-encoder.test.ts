// The sequence encoder: the in-graph reversal within each row's length, padding never changes a row's summary, the backward layer reads each row reversed, and float64 gradients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/compile.js';
import { Rng } from '../../src/engine/random.js';
import { Parameters } from '../../src/nn/parameters.js';
import { Embedding } from '../../src/nn/embedding.js';
import { SequenceEncoder } from '../../src/nn/sequence-encoder.js';
import { reverseWithinLength } from '../../src/nn/reverse-within-length.js';
import { assertAllClose } from '../helpers/allclose.js';
import { describeGradients } from '../helpers/gradient-check.js';

const [V, E, H] = [9, 5, 4];
const TOL = { rtol: 1e-5, atol: 1e-6 };

function encoderOf(cell: 'lstm' | 'gru', bidirectional: boolean): { encoder: SequenceEncoder; params: Parameters } {
  const params = new Parameters();
  const rng = new Rng(21);
  const encoder = new SequenceEncoder('encoder', new Embedding('embed', V, E, params, rng), cell, H, bidirectional, params, rng);
  return { encoder, params };
}

describe('sequence encoder', () => {
  it('reverses each row within its length and leaves the padding in place', async () => {
    const fn = compile({ build: ({ data }) => ({ reversed: reverseWithinLength(data.x, data.mask) }) });
    const x = Int32Array.of(5, 6, 7, 0, 8, 0, 0, 0, 9, 10, 11, 12); // (3, 4)
    const mask = Float32Array.of(1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1);
    const out = await fn.run({ x: { data: x, shape: [3, 4] }, mask: { data: mask, shape: [3, 4] } });
    assert.deepEqual(Array.from(out.reversed.data as Int32Array), [7, 6, 5, 0, 8, 0, 0, 0, 12, 11, 10, 9]);
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: a padded row's summary is the summary of the row alone, and the backward half reads it reversed`, async () => {
      const { encoder, params } = encoderOf(cell, true);
      const fn = compile({ params, build: ({ data, params: p }) => ({ summary: encoder.encode(p, data.x, data.mask) }) });
      const rows = [[3, 1, 4, 1, 5], [2, 7], [6, 6, 8]];
      const T = 5;
      const x = new Int32Array(rows.length * T);
      const mask = new Float32Array(rows.length * T);
      rows.forEach((row, b) => row.forEach((token, t) => { x[b * T + t] = token; mask[b * T + t] = 1; }));
      const batch = (await fn.run({ x: { data: x, shape: [rows.length, T] }, mask: { data: mask, shape: [rows.length, T] } })).summary.data as Float32Array; // (B, 2H)
      const alone = async (tokens: number[]) => (await fn.run({ x: { data: Int32Array.from(tokens), shape: [1, tokens.length] }, mask: { data: new Float32Array(tokens.length).fill(1), shape: [1, tokens.length] } })).summary.data as Float32Array;
      for (const [b, row] of rows.entries()) assertAllClose(batch.subarray(b * 2 * H, (b + 1) * 2 * H), await alone(row), TOL, `row ${b} padded and alone`);
      // give the forward layer the backward layer's weights: its state on the reversed row is then the backward half
      for (const n of params.names().filter((name) => name.startsWith('encoder_bwd.'))) params.set(n.replace('encoder_bwd.', 'encoder_fwd.'), params.shape(n), Float32Array.from(params.get(n)));
      for (const [b, row] of rows.entries()) {
        const reversed = await alone([...row].reverse());
        assertAllClose(batch.subarray(b * 2 * H + H, (b + 1) * 2 * H), reversed.subarray(0, H), TOL, `row ${b}: backward half`);
      }
    });
  }
});

describe('sequence encoder gradients', () => {
  const [B, T] = [2, 4];
  for (const [cell, bidirectional] of [['lstm', true], ['gru', false]] as const) {
    const { encoder, params } = encoderOf(cell, bidirectional);
    describeGradients({
      name: `SequenceEncoder (${cell}${bidirectional ? ', bidirectional' : ''}, padded)`,
      params,
      dataShapes: { x: { dtype: 'int32', shape: [B, T] }, mask: { dtype: 'float32', shape: [B, T] } },
      data: { x: Int32Array.of(1, 2, 3, 4, 5, 6, 0, 0), mask: Float32Array.of(1, 1, 1, 1, 1, 1, 0, 0) },
      forward: (p, data) => encoder.encode(p, data.x, data.mask), // (B, H or 2H)
    });
  }
});
