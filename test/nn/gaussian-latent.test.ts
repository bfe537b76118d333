// The Gaussian latent: the reparameterisation, the KL per dimension against its closed form, both free-bits floors, repeated rows, and float64 gradients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/compile.js';
import { grad } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { nd } from '../../src/engine/ndarray.js';
import { Graph } from '../../src/engine/graph.js';
import { concat } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { Parameters } from '../../src/nn/parameters.js';
import { GaussianLatent, gaussianKlPerDimension, klTerms, latentNoise, reparameterize, repeatRows } from '../../src/nn/gaussian-latent.js';
import { assertAllClose, widen } from '../helpers/allclose.js';
import { describeGradients } from '../helpers/gradient-check.js';

const [B, Z] = [3, 4];
const rng = new Rng(11);
const mu = rng.fillNormal(new Float32Array(B * Z));
const logVar = rng.fillNormal(new Float32Array(B * Z), 0, 0.5);
const eps = rng.fillNormal(new Float32Array(B * Z));
const feeds = { mu: { data: mu, shape: [B, Z] }, logVar: { data: logVar, shape: [B, Z] } };

/** The closed form 0.5 (mu^2 + sigma^2 - log sigma^2 - 1) in float64. */
function closedFormKl(i: number): number {
  return 0.5 * (mu[i] * mu[i] + Math.exp(logVar[i]) - logVar[i] - 1);
}

describe('Gaussian latent', () => {
  it('forms z = mu + exp(logVar / 2) eps from the random input eps, and eps is a seeded standard normal', async () => {
    const fn = compile({ build: ({ data }) => ({ z: reparameterize({ mu: data.mu, logVar: data.logVar }, data.eps) }) });
    const z = (await fn.run({ ...feeds, eps: { data: eps, shape: [B, Z] } })).z.data as Float32Array;
    assertAllClose(widen(z), Array.from(mu, (m, i) => m + Math.exp(0.5 * logVar[i]) * eps[i]), { rtol: 1e-6, atol: 1e-7 }, 'z');
    const noise = compile({ rng: new Rng(3), build: ({ data }) => ({ noise: latentNoise(data.mu, 2000, 2) }) });
    const draws = (await noise.run({ mu: { data: mu, shape: [B, Z] } })).noise.data as Float32Array;
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    assert.ok(Math.abs(mean) < 0.05 && Math.abs(variance - 1) < 0.05, `eps mean ${mean}, variance ${variance}`);
  });

  it('gives the KL of every dimension in closed form', async () => {
    const fn = compile({ build: ({ data }) => ({ kl: gaussianKlPerDimension(data.mu, data.logVar) }) });
    const kl = (await fn.run(feeds)).kl.data as Float32Array;
    assertAllClose(widen(kl), Array.from(kl, (_, i) => closedFormKl(i)), { rtol: 1e-5, atol: 1e-6 }, 'KL per dimension');
    const zero = (await fn.run({ mu: { data: new Float32Array(B * Z), shape: [B, Z] }, logVar: { data: new Float32Array(B * Z), shape: [B, Z] } })).kl.data as Float32Array;
    assert.ok(zero.every((v) => v === 0), 'the prior itself has KL 0');
  });

  it('averages over real rows only and floors the KL as a whole or per dimension (free bits)', async () => {
    const realRows = Float32Array.of(1, 1, 0); // the last row is padding
    const perDimension = Array.from({ length: Z }, (_, d) => (closedFormKl(d) + closedFormKl(Z + d)) / 2);
    const total = perDimension.reduce((s, v) => s + v, 0);
    for (const [mode, freeBits] of [['total', 0], ['total', total + 1], ['total', total / 2], ['dimension', 0.4]] as const) {
      const fn = compile({
        build: ({ data }) => {
          const terms = klTerms(gaussianKlPerDimension(data.mu, data.logVar), data.realRows, data.sentences, freeBits, mode);
          return { kl: terms.kl, klForLoss: terms.klForLoss };
        },
      });
      const out = await fn.run({ ...feeds, realRows: { data: realRows, shape: [B] }, sentences: { data: Float32Array.of(2), shape: [] } });
      const floored = freeBits === 0 ? total : mode === 'total' ? Math.max(total, freeBits) : perDimension.reduce((s, v) => s + Math.max(v, freeBits), 0);
      assertAllClose(widen(out.kl.data as Float32Array), [total], { rtol: 1e-5, atol: 1e-6 }, `${mode} ${freeBits}: kl`);
      assertAllClose(widen(out.klForLoss.data as Float32Array), [floored], { rtol: 1e-5, atol: 1e-6 }, `${mode} ${freeBits}: klForLoss`);
    }
  });

  it('gives no gradient to a KL below its free-bits floor, and the full gradient above it', () => {
    const g = new Graph();
    const muT = g.input('mu', 'float32', [B, Z]);
    const logVarT = g.input('logVar', 'float32', [B, Z]);
    const realRows = g.input('realRows', 'float32', [B]);
    const rows = g.input('rows', 'float32', []);
    const kl = gaussianKlPerDimension(muT, logVarT);
    const below = klTerms(kl, realRows, rows, 1e6, 'total').klForLoss;
    const above = klTerms(kl, realRows, rows, 1e-6, 'total').klForLoss;
    const [gradBelow, gradAbove] = [grad(below, [muT])[0], grad(above, [muT])[0]];
    const values = evaluate([gradBelow, gradAbove], { mu: nd('float32', [B, Z], mu), logVar: nd('float32', [B, Z], logVar), realRows: nd('float32', [B], [1, 1, 1]), rows: nd('float32', [], [B]) });
    assert.ok(values[0].data.every((v) => v === 0), 'below the floor');
    assertAllClose(values[1].data, Array.from(mu, (m) => m / B), { rtol: 1e-12, atol: 1e-12 }, 'above the floor: d KL / d mu = mu / B');
  });

  it('repeats each row K times with its copies together', async () => {
    const fn = compile({ build: ({ data }) => ({ repeated: repeatRows(data.mu, 2) }) });
    const repeated = (await fn.run({ mu: { data: mu, shape: [B, Z] } })).repeated.data as Float32Array; // (B*2, Z)
    for (let row = 0; row < 2 * B; row++) assert.deepEqual(repeated.subarray(row * Z, (row + 1) * Z), mu.subarray(Math.floor(row / 2) * Z, (Math.floor(row / 2) + 1) * Z));
  });
});

describe('Gaussian latent gradients', () => {
  const params = new Parameters();
  const latent = new GaussianLatent(5, Z, params, new Rng(12));
  describeGradients({
    name: 'GaussianLatent heads, reparameterisation and KL',
    params,
    dataShapes: { summary: { dtype: 'float32', shape: [B, 5] }, eps: { dtype: 'float32', shape: [B, Z] } },
    data: { summary: new Rng(13).fillNormal(new Float32Array(B * 5)), eps },
    forward: (p, data) => {
      const posterior = latent.posterior(p, data.summary); // (B, Z) each
      return concat([reparameterize(posterior, data.eps), gaussianKlPerDimension(posterior.mu, posterior.logVar)], 1); // (B, 2Z)
    },
    wrtData: ['summary'],
  });
});
