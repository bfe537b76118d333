// A recurrent language model's one-step program that also draws the next token in the graph (inverse CDF), for fast batched generation and rollouts.
import { compile, type CompiledFunction, type HostTensor } from '../../engine/compile.js';
import type { Rng } from '../../engine/random.js';
import type { Tensor } from '../../engine/graph.js';
import { add, cast, cumSum, less, min, mul, reduceSum, reshape, slice, softmax } from '../../engine/ops/index.js';
import { LSTM } from '../../nn/lstm.js';
import type { LanguageModel } from '../lm/model.js';

/** Recurrent state of R rows: one (R, H) array per layer and kind (h0, c0, h1, ...). */
export type SamplerState = Record<string, Float32Array>;

/** What generation may not emit, and where a sequence starts and stops. */
export interface SamplingRules {
  /** The token read before the first position (<bos>, or the oracle's start token 0). */
  startToken: number;
  /** Never drawn (e.g. <pad>, <unk>, <bos>; and <eos> for fixed-length sequences). */
  bannedTokens: readonly number[];
  /** After this token a row is finished: later positions hold padToken. Null for fixed-length sequences. */
  eosToken: number | null;
  padToken: number;
}

export class RecurrentSampler {
  readonly stateNames: readonly string[];
  readonly hiddenSize: number;
  private readonly fn: CompiledFunction;
  private readonly logitBias: Float32Array;

  constructor(readonly model: LanguageModel, readonly rules: SamplingRules) {
    if (model.rnns.length === 0) throw new RangeError('sampler: the generator must be recurrent (lstm, gru or rnn), got a Transformer');
    this.stateNames = model.rnns.flatMap((rnn, l) => (rnn instanceof LSTM ? [`h${l}`, `c${l}`] : [`h${l}`]));
    this.hiddenSize = model.config.hiddenSize;
    const V = model.vocabSize;
    this.logitBias = new Float32Array(V); // (V): 0, or -1e9 where banned
    for (const t of rules.bannedTokens) this.logitBias[t] = -1e9;
    this.fn = compile({
      params: model.params,
      name: 'seqgan_sample_step',
      build: ({ data, params }) => {
        let x = model.embedding.forward(params, data.token); // (R) -> (R, E)
        const out: Record<string, Tensor> = {};
        model.rnns.forEach((rnn, l) => {
          const next = rnn.cell(params, rnn.project(params, x), { h: data[`state.h${l}`], c: rnn instanceof LSTM ? data[`state.c${l}`] : undefined }); // (R, H)
          out[`final.h${l}`] = next.h;
          if (next.c) out[`final.c${l}`] = next.c;
          x = next.h;
        });
        const probs = softmax(add(model.project(params, x), data.logitBias), -1); // (R, V)
        const cdf = cumSum(probs, 1); // (R, V)
        const R = probs.shape[0];
        const threshold = mul(reshape(data.u, [R, 1]), slice(cdf, 1, V - 1, V)); // u * total: (R, 1)
        const below = reduceSum(cast(less(cdf, threshold), 'float32'), [1]); // entries of the CDF under u: (R)
        out.next = cast(min(below, V - 1), 'int32'); // (R): the first index whose CDF reaches u
        return out;
      },
    });
  }

  zeroState(rows: number): SamplerState {
    return Object.fromEntries(this.stateNames.map((n) => [n, new Float32Array(rows * this.hiddenSize)]));
  }

  /** One step for R rows: read `tokens` (R) from `state`, draw the next token of each row with uniforms from `rng`. */
  async step(tokens: Int32Array, state: SamplerState, rng: Rng): Promise<{ next: Int32Array; state: SamplerState }> {
    const R = tokens.length;
    const H = this.hiddenSize;
    const feeds: Record<string, HostTensor> = {
      token: { data: tokens, shape: [R] },
      u: { data: uniformOpenClosed(rng, R), shape: [R] },
      logitBias: { data: this.logitBias, shape: [this.logitBias.length] },
    };
    for (const n of this.stateNames) feeds[`state.${n}`] = { data: state[n].subarray(0, R * H), shape: [R, H] };
    const out = await this.fn.run(feeds);
    return { next: out.next.data as Int32Array, state: Object.fromEntries(this.stateNames.map((n) => [n, out[`final.${n}`].data as Float32Array])) };
  }
}

/** R uniforms in (0, 1]: u = 0 would pick index 0 even when its probability is 0 (a banned <pad>). */
function uniformOpenClosed(rng: Rng, R: number): Float32Array {
  const u = rng.fillUniform(new Float32Array(R));
  for (let i = 0; i < R; i++) u[i] = 1 - u[i];
  return u;
}
