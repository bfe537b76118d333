// A recurrent sentence encoder: embedding and an LSTM or GRU, optionally a second one reading each row backwards, summarised by the final state.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { concat, reshape, transpose } from '../engine/ops/index.js';
import type { Parameters } from './parameters.js';
import type { Embedding } from './embedding.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { unroll, type Params, type RecurrentLayer } from './recurrent.js';
import { reverseWithinLength } from './reverse-within-length.js';

export type EncoderCell = 'lstm' | 'gru';

export function recurrentLayer(cell: EncoderCell, name: string, inputSize: number, hiddenSize: number, params: Parameters, rng: Rng): RecurrentLayer {
  return cell === 'lstm' ? new LSTM(name, inputSize, hiddenSize, params, rng) : new GRU(name, inputSize, hiddenSize, params, rng);
}

export class SequenceEncoder {
  readonly forwardLayer: RecurrentLayer;
  /** Reads each sentence right to left (bidirectional encoders only). */
  readonly backwardLayer: RecurrentLayer | null;

  /** Layers named `${name}_fwd` and `${name}_bwd`; `embedding` may be shared with a decoder. */
  constructor(name: string, readonly embedding: Embedding, cell: EncoderCell, readonly hiddenSize: number, bidirectional: boolean, params: Parameters, rng: Rng) {
    this.forwardLayer = recurrentLayer(cell, `${name}_fwd`, embedding.size, hiddenSize, params, rng);
    this.backwardLayer = bidirectional ? recurrentLayer(cell, `${name}_bwd`, embedding.size, hiddenSize, params, rng) : null;
  }

  /** The width of the summary: H, or 2H when bidirectional. */
  get summarySize(): number {
    return this.backwardLayer ? 2 * this.hiddenSize : this.hiddenSize;
  }

  /**
   * The summary of tokens x (B, T) read under mask (B, T) (1 on each row's real prefix): the forward layer's state after
   * each row's last real token, concatenated with the backward layer's (which reads the row reversed within its
   * length, in the graph) when bidirectional: (B, H) or (B, 2H).
   */
  encode(p: Params, x: Tensor, mask: Tensor): Tensor {
    const [B, T] = x.shape;
    const timeMask = reshape(transpose(mask), [T, B, 1]); // (B, T) -> (T, B) -> (T, B, 1)
    const summary = this.finalState(this.forwardLayer, p, x, timeMask); // (B, H)
    if (this.backwardLayer === null) return summary;
    const backward = this.finalState(this.backwardLayer, p, reverseWithinLength(x, mask), timeMask); // (B, H)
    return concat([summary, backward], 1); // (B, 2H)
  }

  /** The state after each row's last real token (masked steps keep the state): (B, H). */
  private finalState(rnn: RecurrentLayer, p: Params, ids: Tensor, timeMask: Tensor): Tensor {
    const embedded = this.embedding.forward(p, transpose(ids)); // (B, T) -> (T, B) -> (T, B, E)
    return unroll(rnn, p, embedded, undefined, timeMask).state.h;
  }
}
