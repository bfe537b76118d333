// Sampling from a recurrent language model with a compiled one-step graph run in a TypeScript loop.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { compile, type CompiledFunction, type HostTensor } from '../engine/compile.js';
import { reshape, div, softmax } from '../engine/ops/index.js';
import type { RnnLanguageModel } from './rnn-lm.js';
import type { RecurrentState } from '../nn/recurrent.js';

/** Compile the one-step graph: token (B) and per-layer states h0, c0, ... in; probabilities and next.h0, next.c0, ... out. */
export function compileDecodeStep(model: RnnLanguageModel): CompiledFunction {
  return compile({
    params: model.params,
    name: 'decode_step',
    build: ({ data, params, graph }) => {
      const B = data.token.shape[0];
      let x = model.embedding.forward(params, data.token); // (B) -> (B, E)
      const out: Record<string, Tensor> = {};
      model.rnns.forEach((rnn, l) => {
        const prev: RecurrentState = { h: data[`h${l}`], c: model.config.cell === 'lstm' ? data[`c${l}`] : undefined };
        const next = rnn.cell(params, rnn.project(params, x), prev); // (B, H)
        out[`next.h${l}`] = next.h;
        if (next.c) out[`next.c${l}`] = next.c;
        x = next.h;
      });
      const logits = model.output.forward(params, reshape(x, [B, model.config.hiddenSize])); // (B, V)
      out.probs = softmax(div(logits, graph.scalar('temperature')), -1);
      return out;
    },
  });
}

/** Sample `count` sequences after the start token, stopping each at `endToken` or `maxLength`. */
export async function sampleSequences(model: RnnLanguageModel, step: CompiledFunction, rng: Rng,
  options: { count: number; startToken: number; endToken: number; maxLength: number; temperature: number }): Promise<number[][]> {
  const { count: B, maxLength } = options;
  const H = model.config.hiddenSize;
  const V = model.config.vocabSize;
  const feeds: Record<string, HostTensor> = { token: { data: new Int32Array(B).fill(options.startToken), shape: [B] } };
  model.rnns.forEach((_, l) => {
    feeds[`h${l}`] = { data: new Float32Array(B * H), shape: [B, H] };
    if (model.config.cell === 'lstm') feeds[`c${l}`] = { data: new Float32Array(B * H), shape: [B, H] };
  });
  const sequences: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  for (let t = 0; t < maxLength && done.includes(false); t++) {
    const out = await step.run(feeds, { temperature: options.temperature });
    const probs = out.probs.data as Float32Array;
    const next = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      next[b] = rng.choice(probs.subarray(b * V, (b + 1) * V));
      if (done[b]) continue;
      if (next[b] === options.endToken) done[b] = true;
      else sequences[b].push(next[b]);
    }
    feeds.token = { data: next, shape: [B] };
    for (const k of Object.keys(out)) if (k.startsWith('next.')) feeds[k.slice('next.'.length)] = out[k];
  }
  return sequences;
}
