// The oracle's LSTM gate layout checked everywhere: parameters from a formula, saved in the paper's layout, loaded and scored, against NumPy's float64 numbers (test/fixtures/oracle-small).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOracle, OracleScorer, ORACLE } from '../../src/evaluation/oracle.js';
import { saveCheckpoint, type StoredTensor } from '../../src/engine/checkpoint.js';
import { compile } from '../../src/engine/compile.js';
import { assertAllClose, shaped, widen } from '../helpers/allclose.js';
import { tempDir } from '../helpers/cli.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/oracle-small/expected.json');

interface Expected {
  parameters: { names: string[]; scales: Record<string, number> };
  sequences: { tokens: number[]; logProbs: number[]; finalH: number[]; finalC: number[] }[];
  meanNll: number;
}

const { vocabSize: V, embedSize: E, hiddenSize: H, sequenceLength: L } = ORACLE;
/** The paper's tensors in make_fixture.py's order k, which enters the formula. */
const NAMES = ['emb', 'Wi', 'Ui', 'bi', 'Wf', 'Uf', 'bf', 'Wog', 'Uog', 'bog', 'Wc', 'Uc', 'bc', 'Wo', 'bo'];
const SHAPES: Record<string, number[]> = { emb: [V, E], Wo: [H, V], bo: [V] };
for (const gate of ['i', 'f', 'og', 'c']) Object.assign(SHAPES, { [`W${gate}`]: [E, H], [`U${gate}`]: [H, H], [`b${gate}`]: [H] });
const scaleOf = (name: string) => (name === 'emb' || name === 'Wo' ? 1 : name === 'bo' ? 0.5 : 'WU'.includes(name[0]) ? 0.5 : 0.3);
/** float32 on ORT against the float64 NumPy reference: log-softmax over 5000 logits and 20 LSTM steps. */
const TOL = { rtol: 1e-4, atol: 1e-5 };

/** make_fixture.py's formula: float32(scale * sin(12.9898 * (i + 1) + 78.233 * (k + 1))). */
function parameter(k: number, name: string): StoredTensor {
  const shape = SHAPES[name];
  const data = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = scaleOf(name) * Math.sin(12.9898 * (i + 1) + 78.233 * (k + 1));
  return { dtype: 'float32', shape, data };
}

describe('SeqGAN oracle against the NumPy fixture', () => {
  const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Expected;
  const B = expected.sequences.length;

  it('builds the same parameters as make_fixture.py', () => {
    assert.deepEqual(expected.parameters.names, NAMES);
    assert.deepEqual(Object.fromEntries(NAMES.map((n) => [n, scaleOf(n)])), expected.parameters.scales);
    assert.ok(expected.sequences.every((s) => s.tokens.length === L), `sequences of ${L}`);
  });

  it('loads the paper\'s per-gate layout and reproduces every log-probability, the final LSTM state and NLL-oracle', { timeout: 60_000 }, async () => {
    const path = join(await tempDir('tf-oracle-fixture-'), 'oracle.safetensors');
    await saveCheckpoint(path, Object.fromEntries(NAMES.map((n, k) => [n, parameter(k, n)])), { format: 'seqgan-oracle' });
    const oracle = await loadOracle(path);

    // x is the start token then the sequence shifted right; y is the sequence: (B, L)
    const x = new Int32Array(B * L);
    const y = new Int32Array(B * L);
    expected.sequences.forEach((s, b) => {
      x[b * L] = ORACLE.startToken;
      x.set(s.tokens.slice(0, L - 1), b * L + 1);
      y.set(s.tokens, b * L);
    });
    let order = '';
    const fn = compile({
      params: oracle.params,
      build: ({ data, params }) => {
        const r = oracle.tokenNll(params, data.x, data.y, { training: false });
        order = r.order;
        return { nll: r.nll, ...oracle.stateOutputs(r.final) };
      },
    });
    const out = await fn.run({ x: { data: x, shape: [B, L] }, y: { data: y, shape: [B, L] } });
    const nll = out.nll.data as Float32Array; // (N) in the logits' row order
    const logProbs = new Float64Array(B * L); // (B, L)
    for (let b = 0; b < B; b++) for (let t = 0; t < L; t++) logProbs[b * L + t] = -nll[order === 'time' ? t * B + b : b * L + t];
    assertAllClose(shaped(logProbs, [B, L]), shaped(expected.sequences.flatMap((s) => s.logProbs), [B, L]), TOL, 'log p(token | prefix)');
    assertAllClose(shaped(widen(out['final.h0'].data as Float32Array), out['final.h0'].shape), shaped(expected.sequences.flatMap((s) => s.finalH), [B, H]), TOL, 'final h');
    assertAllClose(shaped(widen(out['final.c0'].data as Float32Array), out['final.c0'].shape), shaped(expected.sequences.flatMap((s) => s.finalC), [B, H]), TOL, 'final c');

    const score = await new OracleScorer(oracle).score(expected.sequences.map((s) => Int32Array.from(s.tokens)));
    assertAllClose([score], [expected.meanNll], TOL, 'NLL-oracle (mean per-token NLL)');
  });
});
