// The sequence VAE: KL against the host closed form, free bits, loss at init, ORT against the float64 reference, word dropout, reversal, decoding and determinism.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeqVae, SEQVAE_PRESETS, trainLoss, encodeGraph, encodeSentences, reconstructionScores, interpolateCodes, latentStepModel, sampleFromPrior, validateSeqVaeConfig, type SeqVaeConfig } from '../../src/models/seqvae/index.js';
import { compile } from '../../src/engine/compile.js';
import { compileTrainStep } from '../../src/engine/train-step.js';
import { grad } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { nd, type NDArray } from '../../src/engine/ndarray.js';
import { logSoftmax } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import { adam } from '../../src/optim/index.js';
import { Vocabulary, BOS, EOS, UNK } from '../../src/data/vocab.js';
import { materialize, sentenceBatches, type Batch } from '../../src/data/batches.js';
import { decode } from '../../src/decode/decode.js';
import { gaussianKl, klPerDimension } from '../../src/metrics/vae.js';
import { assertAllClose } from '../helpers/allclose.js';
import { hostToNumbers } from '../helpers/host.js';

const TINY: SeqVaeConfig = { ...SEQVAE_PRESETS.tiny, embedSize: 8, hiddenSize: 8, latentSize: 3 };

/** Sentences of random word ids (>= 4, so no special token), of the given lengths. */
function randomSentences(rng: Rng, V: number, lengths: readonly number[]): Int32Array[] {
  return lengths.map((n) => Int32Array.from({ length: n }, () => rng.int(4, V)));
}

/** One batch of all `encoded` sentences, with `extraRows` fully masked padding rows at the end. */
function batchOf(encoded: readonly Int32Array[], extraRows = 0, maxLen = 32): Batch {
  const [plan] = sentenceBatches(encoded, { batchSize: encoded.length + extraRows, maxLen, bucketWidth: 1 });
  return materialize(plan, encoded);
}

const feedsOf = (b: Batch) => ({ x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } });

/** Row-major (B, T) of a sentence batch as float64 reference feeds. */
function referenceFeeds(b: Batch): Record<string, NDArray> {
  return { x: nd('int32', b.shape, b.x), y: nd('int32', b.shape, b.y), mask: nd('float32', b.shape, b.mask) };
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;

describe('sequence VAE loss', () => {
  const V = 30;
  const encoded = randomSentences(new Rng(11), V, [5, 3, 7, 1]);

  /** trainLoss outputs next to the encoder's mu and logVar from the same parameters and batch. */
  async function lossAndPosterior(config: SeqVaeConfig, klWeight: number) {
    const model = new SeqVae(config, V, new Rng(12));
    const fn = compile({
      params: model.params,
      rng: new Rng(13),
      build: (ctx) => ({ ...trainLoss(model)(ctx), ...encodeGraph(model)(ctx) }),
    });
    const b = batchOf(encoded, 2); // 4 sentences + 2 padding rows
    const out = await fn.run(feedsOf(b), { klWeight });
    const n = encoded.length;
    const Z = config.latentSize;
    const mu = (out.mu.data as Float32Array).subarray(0, n * Z);
    const logVar = (out.logVar.data as Float32Array).subarray(0, n * Z);
    const scalar = (k: string) => Number(out[k].data[0]);
    return { loss: scalar('loss'), rec: scalar('rec'), kl: scalar('kl'), tokens: scalar('tokens'), mu, logVar, n, Z, b };
  }

  it('reports the closed-form KL of the real sentences (padding rows excluded)', async () => {
    for (const bidirectional of [false, true]) {
      const r = await lossAndPosterior({ ...TINY, bidirectional, latentSize: 4 }, 0.7);
      const want = mean(gaussianKl(r.mu, r.logVar, r.n, r.Z));
      assertAllClose([r.kl], [want], { rtol: 1e-5, atol: 1e-7 }, `kl (bidirectional ${bidirectional})`);
      assertAllClose([r.loss], [r.rec + 0.7 * r.kl], { rtol: 1e-5, atol: 1e-6 }, 'loss = rec + klWeight * kl');
      assert.equal(r.tokens, r.b.tokens);
    }
  });

  it('floors the KL in the loss with free bits, total and per dimension, but reports the true KL', async () => {
    const total = await lossAndPosterior({ ...TINY, freeBits: 5, freeBitsMode: 'total' }, 0.5);
    assertAllClose([total.kl], [mean(gaussianKl(total.mu, total.logVar, total.n, total.Z))], { rtol: 1e-5, atol: 1e-7 }, 'kl');
    assert.ok(total.kl < 5, `the test needs a KL below the floor, got ${total.kl}`);
    assertAllClose([total.loss], [total.rec + 0.5 * 5], { rtol: 1e-5, atol: 1e-6 }, 'loss with total free bits');

    const plain = await lossAndPosterior(TINY, 0.5);
    const freeBits = [...klPerDimension(plain.mu, plain.logVar, plain.n, plain.Z)].sort((a, b) => a - b)[1]; // the median of 3: one dimension each side
    const perDim = await lossAndPosterior({ ...TINY, freeBits, freeBitsMode: 'dimension' }, 0.5);
    const klD = klPerDimension(perDim.mu, perDim.logVar, perDim.n, perDim.Z);
    assert.ok(Math.min(...klD) < freeBits && Math.max(...klD) > freeBits, `the test needs dimensions on both sides of the floor ${freeBits}, got KL_d ${Array.from(klD)}`);
    const floored = Array.from(klD).reduce((s, k) => s + Math.max(freeBits, k), 0);
    assertAllClose([perDim.loss], [perDim.rec + 0.5 * floored], { rtol: 1e-5, atol: 1e-6 }, 'loss with per-dimension free bits');
  });

  for (const decoderCell of ['lstm', 'transformer'] as const) it(`starts with a reconstruction near ln V per token and a small KL: ${decoderCell} decoder`, async () => {
    const config: SeqVaeConfig = { ...SEQVAE_PRESETS.tiny, decoderCell };
    const V = 200;
    const sentences = randomSentences(new Rng(14), V, Array.from({ length: 16 }, (_, i) => 4 + (i % 9)));
    const model = new SeqVae(config, V, new Rng(15));
    const step = compileTrainStep({ params: model.params, loss: trainLoss(model), optimizer: adam(), rng: new Rng(16) });
    const b = batchOf(sentences);
    const { metrics } = await step.run(feedsOf(b), { lr: 0, klWeight: 1 });
    const perToken = (metrics.rec * sentences.length) / b.tokens;
    assert.ok(Math.abs(perToken - Math.log(V)) < 0.2, `rec per token ${perToken} vs ln V = ${Math.log(V)}`);
    assert.ok(metrics.kl >= 0 && metrics.kl < 0.1, `initial KL ${metrics.kl}`);
  });
});

describe('sequence VAE against the float64 reference', () => {
  const V = 12;
  const configs: [string, SeqVaeConfig][] = [
    ['bidirectional LSTM, both, word and embedding dropout, free bits per dimension',
      { ...TINY, bidirectional: true, conditioning: 'both', wordDropout: 0.4, embeddingDropout: 0.2, outputDropout: 0.3, freeBits: 0.05, freeBitsMode: 'dimension' }],
    ['GRU encoder and decoder, input conditioning, inputless decoder, free bits total',
      { ...TINY, encoderCell: 'gru', decoderCell: 'gru', bidirectional: true, conditioning: 'input', wordDropout: 1, freeBits: 0.2, freeBitsMode: 'total' }],
    ['LSTM encoder, GRU decoder, init conditioning', { ...TINY, decoderCell: 'gru', conditioning: 'init', wordDropout: 0.5 }],
    ['tied embedding and output projection, output dropout', { ...TINY, tied: true, outputDropout: 0.2 }],
    ['Transformer decoder, both (prefix and input offset), word dropout and dropout, free bits per dimension',
      { ...TINY, decoderCell: 'transformer', decoderLayers: 2, heads: 2, conditioning: 'both', wordDropout: 0.3, embeddingDropout: 0.2, outputDropout: 0.1, freeBits: 0.05, freeBitsMode: 'dimension' }],
    ['Transformer decoder, init (a prefix position), tied', { ...TINY, decoderCell: 'transformer', decoderLayers: 1, heads: 2, conditioning: 'init', tied: true }],
    ['Transformer decoder, input (an offset on every input)', { ...TINY, decoderCell: 'transformer', decoderLayers: 1, heads: 4, conditioning: 'input', hiddenSize: 6 }],
  ];
  for (const [name, config] of configs) {
    it(`matches loss and every parameter gradient: ${name}`, async () => {
      const model = new SeqVae(config, V, new Rng(21));
      const names = model.params.names();
      const fn = compile({
        params: model.params,
        rng: new Rng(22),
        build: (ctx) => {
          const out = trainLoss(model)(ctx);
          const grads = grad(out.loss, names.map((n) => ctx.params[n]));
          return { ...out, ...Object.fromEntries(names.map((n, i) => [`grad.${n}`, grads[i]])) };
        },
      });
      const b = batchOf(randomSentences(new Rng(23), V, [4, 1, 3]), 1);
      const klWeight = 0.6;
      const got = await fn.run(feedsOf(b), { klWeight });
      const program = await fn.program(feedsOf(b));
      const randomNames = [...program.graph.inputs.values()].filter((i) => i.kind === 'random').map((i) => i.name).sort();
      // a Transformer decoder draws its own dropout masks (embeddings, attention, residuals) at the embedding rate
      const embedDropout = (config.embeddingDropout ?? 0) > 0 ? (config.decoderCell === 'transformer' ? randomNames.filter((n) => n.startsWith('decoder.')) : ['dropout.embed']) : [];
      const expected = ['eps', ...(config.wordDropout > 0 && config.wordDropout < 1 ? ['wordKeep'] : []), ...embedDropout, ...((config.outputDropout ?? 0) > 0 ? ['dropout.output'] : [])].sort();
      assert.deepEqual(randomNames, expected);
      if (config.decoderCell === 'transformer' && (config.embeddingDropout ?? 0) > 0) assert.ok(embedDropout.length > 0, 'the Transformer decoder declares its dropout masks');
      const feeds: Record<string, NDArray> = { ...referenceFeeds(b), klWeight: nd('float32', [], [klWeight]) };
      for (const r of program.random) feeds[r.name] = nd('float32', r.shape, r.buffer); // the values ORT was fed
      for (const n of names) feeds[n] = nd('float32', model.params.shape(n), model.params.get(n));
      const keys = Object.keys(program.outputs);
      const want = evaluate(keys.map((k) => program.outputs[k]), feeds);
      keys.forEach((k, i) => assertAllClose(hostToNumbers(got[k].data as Float32Array), want[i].data, { rtol: 1e-4, atol: 1e-6 }, k));
      assert.equal(keys.length, names.length + 4); // loss, rec, kl, tokens and one gradient per parameter
    });
  }
});

describe('sequence VAE building blocks', () => {
  it('drops decoder input words, never <bos>, at the configured rate', async () => {
    const V = 40;
    const sentences = randomSentences(new Rng(31), V, Array.from({ length: 64 }, () => 20));
    const b = batchOf(sentences);
    for (const wordDropout of [0, 0.5, 1]) {
      const model = new SeqVae({ ...TINY, wordDropout }, V, new Rng(32));
      const fn = compile({ params: model.params, rng: new Rng(33), build: ({ data }) => ({ inputs: model.decoderInputs(data.x, true) }) });
      const inputs = (await fn.run({ x: { data: b.x, shape: b.shape } })).inputs.data as Int32Array;
      let words = 0;
      let dropped = 0;
      inputs.forEach((token, i) => {
        if (b.x[i] === BOS) return assert.equal(token, BOS);
        words++;
        if (token === UNK) dropped++;
        else assert.equal(token, b.x[i]);
      });
      const rate = dropped / words;
      assert.ok(Math.abs(rate - wordDropout) < 0.03, `word dropout ${wordDropout}: ${rate} of ${words} inputs replaced`);
    }
  });

  it('decodes step by step exactly as the teacher-forced decoder, for every conditioning', async () => {
    const V = 15;
    const B = 3;
    const T = 5;
    for (const conditioning of ['init', 'input', 'both'] as const) {
      for (const decoderCell of ['lstm', 'gru', 'transformer'] as const) {
        const model = new SeqVae({ ...TINY, conditioning, decoderCell, heads: 2 }, V, new Rng(41));
        const rng = new Rng(42);
        const z = rng.fillNormal(new Float32Array(B * model.latentSize));
        const x = Int32Array.from({ length: B * T }, (_, i) => (i % T === 0 ? BOS : rng.int(4, V))); // (B, T)
        const forced = compile({ params: model.params, build: ({ data, params }) => ({ logProbs: logSoftmax(model.decoderLogits(params, data.x, data.z, false), -1) }) });
        const want = (await forced.run({ x: { data: x, shape: [B, T] }, z: { data: z, shape: [B, model.latentSize] } })).logProbs.data as Float32Array; // (T*B, V)
        const stepper = latentStepModel(model, z, B);
        let state = stepper.initialState(B);
        for (let t = 0; t < T; t++) {
          const tokens = Int32Array.from({ length: B }, (_, b) => x[b * T + t]);
          const out = await stepper.step(tokens, state);
          assertAllClose(out.logProbs, want.subarray(t * B * V, (t + 1) * B * V), { rtol: 1e-4, atol: 1e-5 }, `${conditioning} ${decoderCell} step ${t}`);
          state = out.state;
        }
      }
    }
  });

  it('repeats codes for beam rows and reorders them with the state', () => {
    const model = new SeqVae(TINY, 10, new Rng(51));
    const Z = model.latentSize;
    const z = Float32Array.from({ length: 2 * Z }, (_, i) => i); // (2, Z)
    const stepper = latentStepModel(model, z, 2);
    const state = stepper.initialState(6); // 3 beams per code
    assert.deepEqual(Array.from(state.z.subarray(0, 3 * Z)), [0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const picked = stepper.selectRows(state, Int32Array.of(5, 0));
    assert.deepEqual(Array.from(picked.z), [3, 4, 5, 0, 1, 2]);
    assert.throws(() => stepper.initialState(5), /batch must be a positive multiple of B = 2, got 5/);
  });

  it('rejects unknown and out-of-range settings in one line, and accepts every preset', () => {
    for (const preset of Object.values(SEQVAE_PRESETS)) assert.doesNotThrow(() => validateSeqVaeConfig(preset));
    assert.throws(() => new SeqVae({ ...TINY, wordDropout: 1.5 }, 10, new Rng(1)), /seqvae config: wordDropout must be in \[0, 1\], got 1.5/);
    assert.throws(() => new SeqVae({ ...TINY, kl: 1 } as unknown as SeqVaeConfig, 10, new Rng(1)), /keys must be among .*, got 'kl'/);
    assert.throws(() => new SeqVae({ ...TINY, freeBits: -1 }, 10, new Rng(1)), /freeBits must be finite and >= 0, got -1/);
  });
});

describe('sequence VAE decoding', () => {
  const sentences = [
    'the cat sees the dog .',
    'the cat sees the bird .',
    'the cat chases the dog .',
    'the king rules the castle .',
    'the king guards the castle .',
    'a star passes .',
  ].map((s) => s.split(' '));
  const vocab = Vocabulary.build(sentences);
  const encoded = sentences.map((s) => vocab.encode(s));

  const overfitted: [string, SeqVaeConfig, number][] = [
    ['LSTM', { ...TINY, embedSize: 16, hiddenSize: 64, latentSize: 16, wordDropout: 0 }, 1e-2],
    ['Transformer', { ...TINY, decoderCell: 'transformer', decoderLayers: 2, heads: 2, embedSize: 32, hiddenSize: 64, latentSize: 16, wordDropout: 0 }, 3e-3],
  ];
  for (const [name, config, lr] of overfitted) it(`reconstructs overfitted sentences from their posterior means, also at the interpolation endpoints: ${name} decoder`, async () => {
    const model = new SeqVae(config, vocab.size, new Rng(61));
    const step = compileTrainStep({ params: model.params, loss: trainLoss(model), optimizer: adam(), clipNorm: 5, rng: new Rng(62) });
    const feeds = feedsOf(batchOf(encoded));
    let last = Infinity;
    for (let i = 0; i < 400; i++) last = (await step.run(feeds, { lr, klWeight: 0.001 })).metrics.rec; // almost no KL pressure
    assert.ok(last < 0.1, `reconstruction NLL per sentence fell only to ${last}`);

    assert.deepEqual(await reconstructionScores(model, encoded, { batchSize: 4, maxLen: 16 }), { bleu: 1, exact: 1 });
    const untrained = await reconstructionScores(new SeqVae(config, vocab.size, new Rng(63)), encoded, { batchSize: 4, maxLen: 16 });
    assert.ok(untrained.bleu < 0.3 && untrained.exact === 0, `an untrained model reconstructs with BLEU ${untrained.bleu}`);
    const { mu } = await encodeSentences(model, encoded, { batchSize: 4, maxLen: 16 });
    const greedy = { strategy: { kind: 'greedy' as const }, bosToken: BOS, eosToken: EOS, maxLength: 12 };
    const decoded = await decode(latentStepModel(model, mu, encoded.length), { ...greedy, count: encoded.length });
    assert.deepEqual(decoded.map((d) => vocab.decode(d.tokens).join(' ')), sentences.map((s) => s.join(' ')));

    const Z = model.latentSize;
    const [a, b] = [1, 4];
    const path = interpolateCodes(mu.subarray(a * Z, (a + 1) * Z), mu.subarray(b * Z, (b + 1) * Z), 5); // (5, Z)
    const ends = Float32Array.from([...path.subarray(0, Z), ...path.subarray(4 * Z)]);
    const endpoints = await decode(latentStepModel(model, ends, 2), { ...greedy, count: 2 });
    assert.deepEqual(endpoints.map((d) => vocab.decode(d.tokens).join(' ')), [sentences[a].join(' '), sentences[b].join(' ')]);
  });

  it('draws the same prior samples for the same seed, and different ones for another', async () => {
    const model = new SeqVae(TINY, vocab.size, new Rng(71));
    const draw = (seed: number) => sampleFromPrior(model, { count: 4, seed, maxLength: 8 });
    const first = await draw(5);
    const again = await draw(5);
    assert.deepEqual(again.z, first.z);
    assert.deepEqual(again.sequences, first.sequences);
    const other = await draw(6);
    assert.notDeepEqual(other.sequences.map((s) => s.tokens), first.sequences.map((s) => s.tokens));
  });
});
