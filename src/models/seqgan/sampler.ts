// The token decoder's one-step program with a head that draws the next token in the graph (inverse CDF), for fast batched generation and rollouts.
import type { CompiledFunction, HostTensor } from '../../engine/compile.js';
import type { Rng } from '../../engine/random.js';
import type { Tensor } from '../../engine/graph.js';
import { add, cast, cumSum, expand, gatherElements, less, min, mul, reduceSum, reshape, slice, softmax, sub } from '../../engine/ops/index.js';
import { runStep, stepProgram, zeroStates } from '../../nn/decoder-step.js';
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
  /** The vocabulary is searched in blocks of this many tokens (a divisor of V near sqrt V). */
  readonly blockSize: number;
  private readonly fn: CompiledFunction;
  private readonly logitBias: Float32Array;

  constructor(readonly model: LanguageModel, readonly rules: SamplingRules) {
    if (model.rnns.length === 0) throw new RangeError('sampler: the generator must be recurrent (lstm, gru or rnn), got a Transformer');
    this.stateNames = model.decoder.stateNames;
    this.hiddenSize = model.config.hiddenSize;
    const V = model.vocabSize;
    const blockSize = (this.blockSize = blockSizeFor(V));
    this.logitBias = new Float32Array(V); // (V): 0, or -1e9 where banned
    for (const t of rules.bannedTokens) this.logitBias[t] = -1e9;
    // the decoders' one step program, with a head that draws the next token in the graph: (R, V) -> (R)
    this.fn = stepProgram(model.decoder, model.params, 'seqgan_sample_step', (logits, data) => ({ next: drawCategorical(softmax(add(logits, data.logitBias), -1), data.u, blockSize) }));
  }

  zeroState(rows: number): SamplerState {
    return zeroStates(this.model.decoder, rows);
  }

  /** One step for R rows: read `tokens` (R) from `state`, draw the next token of each row with uniforms from `rng`. */
  async step(tokens: Int32Array, state: SamplerState, rng: Rng): Promise<{ next: Int32Array; state: SamplerState }> {
    const R = tokens.length;
    const extra: Record<string, HostTensor> = {
      u: { data: uniformOpenClosed(rng, R), shape: [R] },
      logitBias: { data: this.logitBias, shape: [this.logitBias.length] },
    };
    const out = await runStep(this.fn, this.model.decoder, tokens, state, extra);
    return { next: out.outputs.next.data as Int32Array, state: out.states };
  }
}

/** R uniforms in (0, 1]: u = 0 would pick index 0 even when its probability is 0 (a banned <pad>). */
function uniformOpenClosed(rng: Rng, R: number): Float32Array {
  const u = rng.fillUniform(new Float32Array(R));
  for (let i = 0; i < R; i++) u[i] = 1 - u[i];
  return u;
}

/** The divisor of V closest to sqrt(V) from below (1 when V is prime: then the search is one flat pass). */
export function blockSizeFor(V: number): number {
  for (let b = Math.floor(Math.sqrt(V)); b > 1; b--) if (V % b === 0) return Math.max(b, V / b);
  return V;
}

/** The first index whose running sum reaches `threshold`: the count of running sums below it, at most n - 1. x: (R, n), threshold (R, 1) -> (R) float. */
function firstReaching(cdf: Tensor, threshold: Tensor): Tensor {
  const n = cdf.shape[1];
  return min(reduceSum(cast(less(cdf, threshold), 'float32'), [1]), n - 1);
}

/**
 * One categorical draw per row of probs (R, V) by inverse CDF with u (R) in (0, 1], in two levels so that only two
 * passes touch all V entries (the block sums, and the gather of one block): pick the block whose cumulative mass
 * reaches u * total, then the token within it. Returns token ids (R) int32.
 */
function drawCategorical(probs: Tensor, u: Tensor, blockSize: number): Tensor {
  const [R, V] = probs.shape;
  const blocks = V / blockSize;
  const blocked = reshape(probs, [R, blocks, blockSize]); // (R, nb, bs)
  const mass = reduceSum(blocked, [2]); // (R, nb)
  const blockCdf = cumSum(mass, 1); // (R, nb)
  const target = mul(reshape(u, [R, 1]), slice(blockCdf, 1, blocks - 1, blocks)); // u * total: (R, 1)
  const block = firstReaching(blockCdf, target); // (R) float
  const blockIndex = cast(reshape(block, [R, 1]), 'int32'); // (R, 1)
  const before = sub(gatherElements(blockCdf, blockIndex, 1), gatherElements(mass, blockIndex, 1)); // mass of earlier blocks: (R, 1)
  const within = gatherElements(blocked, expand(reshape(blockIndex, [R, 1, 1]), [R, 1, blockSize]), 1); // (R, 1, bs)
  const innerCdf = cumSum(reshape(within, [R, blockSize]), 1); // (R, bs)
  const offset = firstReaching(innerCdf, sub(target, before)); // (R) float
  return cast(add(mul(block, blockSize), offset), 'int32'); // (R)
}
