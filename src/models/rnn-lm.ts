// A recurrent (LSTM or GRU) language model: embedding, stacked recurrent layers, a vocabulary projection.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { reshape, transpose } from '../engine/ops/index.js';
import { maskedCrossEntropy } from '../nn/losses.js';
import { Parameters } from '../nn/parameters.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import { unroll, type Params, type RecurrentLayer } from '../nn/recurrent.js';

export interface RnnLmConfig {
  vocabSize: number;
  embedSize: number;
  hiddenSize: number;
  layers: number;
  cell: 'lstm' | 'gru';
}

export class RnnLanguageModel {
  readonly params = new Parameters();
  readonly embedding: Embedding;
  readonly rnns: RecurrentLayer[];
  readonly output: Linear;

  constructor(readonly config: RnnLmConfig, rng: Rng) {
    const { vocabSize: V, embedSize: E, hiddenSize: H, layers, cell } = config;
    if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`rnn-lm: layers must be an integer >= 1, got ${layers}`);
    this.embedding = new Embedding('embed', V, E, this.params, rng);
    this.rnns = Array.from({ length: layers }, (_, l) => {
      const inSize = l === 0 ? E : H;
      return cell === 'lstm' ? new LSTM(`rnn${l}`, inSize, H, this.params, rng) : new GRU(`rnn${l}`, inSize, H, this.params, rng);
    });
    this.output = new Linear('out', H, V, this.params, rng);
  }

  /** Logits for every position: x (B, T) int -> (T * B, V), time-major rows. */
  logits(p: Params, x: Tensor): Tensor {
    const [B, T] = x.shape;
    let h = this.embedding.forward(p, transpose(x)); // (T, B) -> (T, B, E)
    for (const rnn of this.rnns) h = unroll(rnn, p, h).outputs; // (T, B, H)
    return this.output.forward(p, reshape(h, [T * B, this.config.hiddenSize])); // (T*B, H) -> (T*B, V)
  }

  /** Mean next-token negative log-likelihood; with a mask (B, T) of 1s and 0s, padding is excluded. */
  loss(p: Params, x: Tensor, y: Tensor, mask?: Tensor): Tensor {
    const [B, T] = y.shape;
    const timeMajor = (t: Tensor) => reshape(transpose(t), [T * B]); // (B, T) -> (T*B), rows as in logits
    return maskedCrossEntropy(this.logits(p, x), timeMajor(y), mask && timeMajor(mask));
  }
}
