// SeqGAN's parts: the in-graph sampler's distribution, rollouts, rewards, the policy-gradient step, the discriminator against the float64 reference and on oracle data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { compile } from '../../src/engine/compile.js';
import { grad } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { nd, type NDArray } from '../../src/engine/ndarray.js';
import { add, logSoftmax, reduceMean } from '../../src/engine/ops/index.js';
import { sigmoidCrossEntropy } from '../../src/nn/losses.js';
import { LanguageModel } from '../../src/models/lm/model.js';
import type { LmConfig } from '../../src/models/lm/config.js';
import { createOracle, ORACLE } from '../../src/evaluation/oracle.js';
import { Discriminator } from '../../src/models/seqgan/discriminator.js';
import { DiscriminatorTrainer } from '../../src/models/seqgan/discriminator-trainer.js';
import { RecurrentSampler, type SamplingRules } from '../../src/models/seqgan/sampler.js';
import { generateSequences, rolloutCompletions } from '../../src/models/seqgan/generate.js';
import { RolloutNetwork } from '../../src/models/seqgan/rollout.js';
import { PolicyGradientTrainer, teacherForcing } from '../../src/models/seqgan/policy-gradient.js';
import { SMALL_DISCRIMINATOR } from '../../src/models/seqgan/settings.js';
import { rowOf, type Sequences } from '../../src/models/seqgan/sequences.js';
import { assertAllClose } from '../helpers/allclose.js';
import { hostToNumbers } from '../helpers/host.js';

const GEN: LmConfig = { cell: 'lstm', layers: 1, embedSize: 8, hiddenSize: 8, heads: 1, dropout: 0, tied: false, maxLength: 32, initScale: 0 };
const FIXED: SamplingRules = { startToken: 2, bannedTokens: [0, 1, 2, 3], eosToken: null, padToken: 0 };
const WITH_EOS: SamplingRules = { startToken: 2, bannedTokens: [0, 1, 2], eosToken: 3, padToken: 0 };

/** Per-token log-probabilities log G(y_t | y_<t) of sequences (B, T) under `model`: (B * T) in time-major rows. */
async function tokenLogProbs(model: LanguageModel, s: Sequences, rules: SamplingRules): Promise<Float32Array> {
  const fn = compile({ params: model.params, build: ({ data, params }) => ({ nll: model.tokenNll(params, data.x, data.y, { training: false }).nll }) });
  const { x, y } = teacherForcing(s, rules);
  const shape = [s.count, s.length];
  const out = await fn.run({ x: { data: x, shape }, y: { data: y, shape } });
  return Float32Array.from(out.nll.data as Float32Array, (v) => -v);
}

describe('in-graph sampler', () => {
  it('draws the first token with the model\'s probabilities (chi-square) and never a banned one', async () => {
    const V = 8;
    const model = new LanguageModel(GEN, V, new Rng(3));
    const sampler = new RecurrentSampler(model, FIXED);
    const probe = compile({ params: model.params, build: ({ data, params }) => ({ logProbs: logSoftmax(model.forward(params, data.x, { training: false }).logits, -1) }) });
    const logProbs = (await probe.run({ x: { data: Int32Array.of(2), shape: [1, 1] } })).logProbs.data as Float32Array;
    const allowed = [4, 5, 6, 7];
    const z = allowed.reduce((s, t) => s + Math.exp(logProbs[t]), 0);
    const n = 20000;
    const draws = await generateSequences(sampler, n, 1, new Rng(4));
    const counts = new Array(V).fill(0);
    for (const t of draws.data) counts[t]++;
    for (const t of FIXED.bannedTokens) assert.equal(counts[t], 0, `banned token ${t} was drawn`);
    const chi2 = allowed.reduce((s, t) => {
      const expected = (n * Math.exp(logProbs[t])) / z;
      return s + (counts[t] - expected) ** 2 / expected;
    }, 0);
    assert.ok(chi2 < 16.27, `chi-square ${chi2.toFixed(2)} over 3 degrees of freedom exceeds the 0.001 critical value`); // P(chi2_3 > 16.27) = 0.001
  });

  it('pads every row after its <eos>, and the same seed gives the same samples', async () => {
    const model = new LanguageModel(GEN, 6, new Rng(5));
    const sampler = new RecurrentSampler(model, WITH_EOS);
    const a = await generateSequences(sampler, 300, 12, new Rng(9));
    const b = await generateSequences(sampler, 300, 12, new Rng(9));
    assert.deepEqual(a.data, b.data);
    let ended = 0;
    for (let i = 0; i < a.count; i++) {
      const row = Array.from(rowOf(a, i));
      const end = row.indexOf(3);
      if (end < 0) continue;
      ended++;
      assert.ok(row.slice(end + 1).every((t) => t === 0), `row ${i} has tokens after <eos>: ${row.join(' ')}`);
      assert.ok(row.slice(0, end).every((t) => t >= 4), `row ${i} has a special token before <eos>`);
    }
    assert.ok(ended > 0, 'no row emitted <eos> in 12 steps');
    const c = await generateSequences(sampler, 300, 12, new Rng(10));
    assert.notDeepEqual(a.data, c.data);
  });

  it('reproduces the SeqGAN oracle\'s statistics: its own samples score far below uniform ones', async () => {
    const oracle = createOracle(11);
    const sampler = new RecurrentSampler(oracle, { startToken: ORACLE.startToken, bannedTokens: [], eosToken: null, padToken: 0 });
    const own = await generateSequences(sampler, 200, ORACLE.sequenceLength, new Rng(12));
    const { OracleScorer } = await import('../../src/evaluation/oracle.js');
    const scorer = new OracleScorer(oracle);
    const rows = Array.from({ length: own.count }, (_, i) => rowOf(own, i));
    const uniformRng = new Rng(13);
    const uniform = rows.map(() => Int32Array.from({ length: ORACLE.sequenceLength }, () => uniformRng.int(0, ORACLE.vocabSize)));
    const [nllOwn, nllUniform] = [await scorer.score(rows), await scorer.score(uniform)];
    assert.ok(nllOwn < nllUniform - 3, `own samples ${nllOwn.toFixed(2)} vs uniform ${nllUniform.toFixed(2)} nats per token`);
  });
});

describe('rollouts and rewards', () => {
  const V = 9;
  const T = 7;

  it('completes every proper prefix N times, keeping the prefix', async () => {
    const model = new LanguageModel(GEN, V, new Rng(20));
    const sampler = new RecurrentSampler(model, FIXED);
    const given = await generateSequences(sampler, 5, T, new Rng(21));
    const N = 3;
    const out = await rolloutCompletions(sampler, given, N, new Rng(22));
    assert.equal(out.count, (T - 1) * N * given.count);
    assert.equal(out.length, T);
    let differs = 0;
    for (let t = 1; t <= T - 1; t++) {
      for (let n = 0; n < N; n++) {
        for (let b = 0; b < given.count; b++) {
          const row = rowOf(out, ((t - 1) * N + n) * given.count + b);
          assert.deepEqual(Array.from(row.subarray(0, t)), Array.from(rowOf(given, b).subarray(0, t)), `prefix of t=${t} n=${n} b=${b}`);
          assert.ok(Array.from(row).every((tok) => tok >= 4), 'a completion holds a banned token');
          if (row.some((tok, i) => tok !== rowOf(given, b)[i])) differs++;
        }
      }
    }
    assert.ok(differs > 0, 'every completion equals its sample: nothing was drawn');
  });

  it('rollouts of a sequence that already ended stay padded after its <eos>', async () => {
    const model = new LanguageModel(GEN, V, new Rng(23));
    const sampler = new RecurrentSampler(model, WITH_EOS);
    const given: Sequences = { data: Int32Array.of(5, 6, 3, 0, 0, 0, 0), count: 1, length: T };
    const out = await rolloutCompletions(sampler, given, 2, new Rng(24));
    for (let t = 3; t <= T - 1; t++) {
      for (let n = 0; n < 2; n++) assert.deepEqual(Array.from(rowOf(out, (t - 1) * 2 + n)), [5, 6, 3, 0, 0, 0, 0]);
    }
  });

  it('gives rewards of shape (B, T) in [0, 1], the last column being D of the whole sequence', async () => {
    const generator = new LanguageModel(GEN, V, new Rng(30));
    const rollout = new RolloutNetwork(generator, FIXED);
    const d = new Discriminator({ ...SMALL_DISCRIMINATOR, widths: [2, 3], filters: [8, 8] }, V, new Rng(31));
    const trainer = new DiscriminatorTrainer(d, new Rng(32));
    const samples = await generateSequences(rollout.sampler, 4, T, new Rng(33));
    const q = await rollout.rewards(samples, (s) => trainer.probabilities(s), 5, new Rng(34));
    assert.equal(q.length, 4 * T);
    for (const v of q) assert.ok(v >= 0 && v <= 1, `reward ${v} outside [0, 1]`);
    const whole = await trainer.probabilities(samples);
    for (let b = 0; b < 4; b++) assert.ok(Math.abs(q[b * T + T - 1] - whole[b]) < 1e-7);
  });

  it('with <eos>: a complete prefix is rewarded D(Y) unscored, open ones the mean over their rollouts, which pad after <eos>', async () => {
    const generator = new LanguageModel(GEN, V, new Rng(35));
    const rollout = new RolloutNetwork(generator, WITH_EOS);
    // ended at positions 3 and 6, one open to the end; token 3 is <eos>, 0 is <pad>
    const samples: Sequences = { data: Int32Array.of(5, 6, 3, 0, 0, 0, 0, 4, 5, 6, 7, 8, 3, 0, 4, 4, 5, 5, 6, 6, 7), count: 3, length: T };
    const share = (s: Sequences) => Float32Array.from({ length: s.count }, (_, i) => rowOf(s, i).filter((tok) => tok === 5).length / T);
    const scored: number[] = [];
    const N = 4;
    const q = await rollout.rewards(samples, async (s) => { scored.push(s.count); return share(s); }, N, new Rng(36));
    const open = (2 + 5 + 6) * N; // prefixes t < end: 2 of the first, 5 of the second, all 6 of the third
    assert.deepEqual(scored, [open, 3]);
    const completions = await rolloutCompletions(rollout.sampler, samples, N, new Rng(36)); // the same draws
    const ends = [3, 6, T + 1];
    const whole = share(samples);
    let padded = 0;
    for (let b = 0; b < 3; b++) {
      for (let t = 1; t <= T - 1; t++) {
        const rows = Array.from({ length: N }, (_, n) => rowOf(completions, ((t - 1) * N + n) * 3 + b));
        for (const row of rows) {
          const eos = row.indexOf(3);
          if (eos >= 0) {
            assert.ok(row.subarray(eos + 1).every((tok) => tok === 0), `completion ${row} not padded after <eos>`);
            if (t < ends[b] && eos >= t) padded++; // ended in the drawn part
          }
        }
        const expected = t >= ends[b] ? whole[b] : rows.reduce((sum, row) => sum + share({ data: row, count: 1, length: T })[0], 0) / N;
        assert.ok(Math.abs(q[b * T + t - 1] - expected) < 1e-6, `Q[${b}, ${t - 1}] = ${q[b * T + t - 1]}, expected ${expected}`);
      }
      assert.equal(q[b * T + T - 1], whole[b]);
    }
    assert.ok(padded > 0, 'no rollout drew <eos>: the compact path went untested');
  });

  it('moves the rollout network a fifth of the way to the generator, and copies the embedding', () => {
    const generator = new LanguageModel(GEN, V, new Rng(40));
    const rollout = new RolloutNetwork(generator, FIXED, 0.8);
    const before = Float32Array.from(rollout.model.params.get('lstm0.wx'));
    for (const n of generator.params.names()) generator.params.set(n, generator.params.shape(n), generator.params.get(n).map((v) => v + 1));
    rollout.update();
    assertAllClose(hostToNumbers(rollout.model.params.get('lstm0.wx')), Array.from(before, (v) => v + 0.2), { rtol: 1e-5, atol: 1e-6 }, 'lstm0.wx');
    assert.deepEqual(rollout.model.params.get(generator.embedding.table), generator.params.get(generator.embedding.table));
  });
});

describe('policy gradient', () => {
  it('a positive reward on one token raises its log-probability; zero reward elsewhere leaves the loss at zero there', async () => {
    const V = 10;
    const T = 5;
    const generator = new LanguageModel(GEN, V, new Rng(50));
    const sampler = new RecurrentSampler(generator, FIXED);
    const samples = await generateSequences(sampler, 1, T, new Rng(51));
    const rewards = new Float32Array(T);
    rewards[2] = 1; // only y_3 is rewarded
    const before = await tokenLogProbs(generator, samples, FIXED);
    const pg = new PolicyGradientTrainer(generator, FIXED, { lr: 0.01, clip: 5, rng: new Rng(52) });
    const { loss } = await pg.update(samples, rewards);
    assert.ok(Math.abs(loss - (-before[2] / T)) < 1e-5, `loss ${loss} is -log G(y_3) / T = ${-before[2] / T}`);
    const after = await tokenLogProbs(generator, samples, FIXED);
    assert.ok(after[2] > before[2], `log G(y_3) went from ${before[2]} to ${after[2]}`);
  });
});

describe('discriminator', () => {
  const V = 11;

  it('matches the float64 reference in loss and every parameter gradient', async () => {
    const d = new Discriminator({ embedSize: 4, widths: [1, 2, 3], filters: [3, 2, 2], dropout: 0.25, l2: 0.2 }, V, new Rng(60));
    const names = d.params.names();
    const fn = compile({
      params: d.params,
      rng: new Rng(61),
      build: ({ data, params }) => {
        const loss = add(reduceMean(sigmoidCrossEntropy(d.logits(params, data.x, true), data.labels)), d.l2Penalty(params));
        const grads = grad(loss, names.map((n) => params[n]));
        return { loss, ...Object.fromEntries(names.map((n, i) => [`grad.${n}`, grads[i]])) };
      },
    });
    const x = Int32Array.from({ length: 3 * 5 }, (_, i) => (i * 7) % V);
    const labels = Float32Array.of(1, 0, 1);
    const feedsHost = { x: { data: x, shape: [3, 5] }, labels: { data: labels, shape: [3] } };
    const got = await fn.run(feedsHost);
    const program = await fn.program(feedsHost);
    const feeds: Record<string, NDArray> = { x: nd('int32', [3, 5], x), labels: nd('float32', [3], labels) };
    for (const r of program.random) feeds[r.name] = nd('float32', r.shape, r.buffer);
    for (const n of names) feeds[n] = nd('float32', d.params.shape(n), d.params.get(n));
    const keys = Object.keys(program.outputs);
    const want = evaluate(keys.map((k) => program.outputs[k]), feeds);
    keys.forEach((k, i) => assertAllClose(hostToNumbers(got[k].data as Float32Array), want[i].data, { rtol: 1e-4, atol: 1e-6 }, k));
    assert.equal(keys.length, names.length + 1);
  });

  it('pre-training separates oracle samples from uniform-random sequences (held-out accuracy > 0.9)', async () => {
    const oracle = createOracle(70);
    const sampler = new RecurrentSampler(oracle, { startToken: ORACLE.startToken, bannedTokens: [], eosToken: null, padToken: 0 });
    const T = ORACLE.sequenceLength;
    const uniform = (count: number, rng: Rng): Sequences => ({ data: Int32Array.from({ length: count * T }, () => rng.int(0, ORACLE.vocabSize)), count, length: T });
    const [realTrain, realTest] = [await generateSequences(sampler, 2000, T, new Rng(71)), await generateSequences(sampler, 300, T, new Rng(72))];
    const [fakeTrain, fakeTest] = [uniform(2000, new Rng(73)), uniform(300, new Rng(74))];
    const d = new Discriminator(SMALL_DISCRIMINATOR, ORACLE.vocabSize, new Rng(75));
    const trainer = new DiscriminatorTrainer(d, new Rng(76), 1e-3);
    const before = await trainer.accuracy(realTest, fakeTest);
    await trainer.train(realTrain, fakeTrain, 4, 64, new Rng(77));
    const after = await trainer.accuracy(realTest, fakeTest);
    assert.ok(after > 0.9, `held-out accuracy ${after} (before training ${before})`);
  });
});
