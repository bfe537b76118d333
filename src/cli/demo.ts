// The engine demo: train a small LSTM language model on sentences from a built-in grammar, then sample from it.
import { Rng } from '../engine/random.js';
import { compile } from '../engine/compile.js';
import { compileTrainStep } from '../engine/train-step.js';
import { adam } from '../optim/index.js';
import { RnnLanguageModel } from '../models/rnn-lm.js';
import { compileDecodeStep, sampleSequences } from '../models/rnn-lm-decode.js';
import { toySentences } from '../data/toy-grammar.js';

export interface DemoOptions {
  steps: number;
  seed: number;
  batchSize: number;
  log: (line: string) => void;
}

const PAD = 0;
const BOS = 1;
const EOS = 2;

/** Encode sentences as (x, y, mask) batches padded to `T`: x = <bos> w1..wn, y = w1..wn <eos>. */
function encode(sentences: string[][], index: Map<string, number>, T: number) {
  const B = sentences.length;
  const x = new Int32Array(B * T).fill(PAD);
  const y = new Int32Array(B * T).fill(PAD);
  const mask = new Float32Array(B * T);
  sentences.forEach((s, b) => {
    const ids = s.map((w) => index.get(w)!);
    [BOS, ...ids].forEach((id, t) => { x[b * T + t] = id; });
    [...ids, EOS].forEach((id, t) => { y[b * T + t] = id; mask[b * T + t] = 1; });
  });
  return { x: { data: x, shape: [B, T] }, y: { data: y, shape: [B, T] }, mask: { data: mask, shape: [B, T] } };
}

export async function runDemo(options: DemoOptions): Promise<{ validPerplexity: number; samples: string[] }> {
  const { log } = options;
  const rng = new Rng(options.seed);
  const train = toySentences(4000, rng.fork('train'));
  const valid = toySentences(512, rng.fork('valid'));
  const words = [...new Set(train.flat())].sort();
  const vocab = ['<pad>', '<bos>', '<eos>', ...words];
  const index = new Map(vocab.map((w, i) => [w, i]));
  const T = Math.max(...train.map((s) => s.length), ...valid.map((s) => s.length)) + 1;
  log(`demo: ${train.length} training sentences from the built-in grammar, vocabulary ${vocab.length}, length <= ${T}`);

  const model = new RnnLanguageModel({ vocabSize: vocab.length, embedSize: 32, hiddenSize: 64, layers: 1, cell: 'lstm' }, rng.fork('init'));
  const lossFn = ({ data, params }: Parameters<Parameters<typeof compile>[0]['build']>[0]) => ({ loss: model.loss(params, data.x, data.y, data.mask) });
  const step = compileTrainStep({ params: model.params, loss: lossFn, optimizer: adam(), clipNorm: 5 });
  const evaluate = compile({ params: model.params, build: lossFn });
  const validFeeds = encode(valid, index, T);

  const order = rng.fork('shuffle');
  const t0 = performance.now();
  let tokens = 0;
  for (let s = 1; s <= options.steps; s++) {
    const batch = Array.from({ length: options.batchSize }, () => train[order.int(0, train.length)]);
    const feeds = encode(batch, index, T);
    const { loss } = await step.run(feeds, { lr: 0.01 });
    tokens += batch.reduce((n, b) => n + b.length + 1, 0);
    if (s % 50 === 0 || s === options.steps) {
      const validLoss = Number((await evaluate.run(validFeeds)).loss.data[0]);
      const seconds = (performance.now() - t0) / 1000;
      log(`step ${s}/${options.steps}  train loss ${loss.toFixed(3)}  valid ppl ${Math.exp(validLoss).toFixed(2)}  ${Math.round(tokens / seconds)} tokens/s`);
    }
  }
  const validPerplexity = Math.exp(Number((await evaluate.run(validFeeds)).loss.data[0]));
  const decode = compileDecodeStep(model);
  const sampled = await sampleSequences(model, decode, rng.fork('sample'), { count: 5, startToken: BOS, endToken: EOS, maxLength: T, temperature: 0.8 });
  const samples = sampled.map((ids) => ids.map((i) => vocab[i]).join(' '));
  log('samples (temperature 0.8):');
  for (const s of samples) log(`  ${s}`);
  return { validPerplexity, samples };
}
