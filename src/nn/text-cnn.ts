// The CNN text classifier with highway (Kim 2014; SeqGAN's and RelGAN's discriminator): convolutions of several widths, max-over-time pooling, highway, dropout, one logit.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { isInteger } from '../engine/dtype.js';
import { ShapeError, fmt } from '../engine/shape.js';
import { add, concat, matmul, mul, relu, reshape, sigmoid, sub } from '../engine/ops/index.js';
import type { Parameters } from './parameters.js';
import { Embedding } from './embedding.js';
import { Linear } from './linear.js';
import { Conv1d, reluMaxOverTime } from './conv1d.js';
import { dropout } from './dropout.js';
import type { Params } from './recurrent.js';

export interface TextCnnConfig {
  embedSize: number;
  /** Convolution widths in tokens, each with filters[i] output channels. */
  widths: readonly number[];
  filters: readonly number[];
  /** Dropout rate after the highway layer during training. */
  dropout: number;
}

export class TextCnn {
  readonly embedding: Embedding;
  readonly convs: Conv1d[];
  readonly highwayTransform: Linear;
  readonly highwayGate: Linear;
  readonly output: Linear;
  /** The total number of filters F: the width of the pooled features. */
  readonly features: number;

  /** Parameters are named `${name}.embed`, `${name}.conv<width>`, `${name}.highway_transform`, `${name}.highway_gate`, `${name}.out`. */
  constructor(readonly name: string, readonly config: TextCnnConfig, readonly vocabSize: number, params: Parameters, rng: Rng) {
    const E = config.embedSize;
    this.embedding = new Embedding(`${name}.embed`, vocabSize, E, params, rng);
    this.convs = config.widths.map((w, i) => new Conv1d(`${name}.conv${w}`, E, config.filters[i], w, params, rng));
    this.features = config.filters.reduce((s, f) => s + f, 0);
    this.highwayTransform = new Linear(`${name}.highway_transform`, this.features, this.features, params, rng);
    this.highwayGate = new Linear(`${name}.highway_gate`, this.features, this.features, params, rng);
    this.output = new Linear(`${name}.out`, this.features, 1, params, rng);
  }

  /** The longest convolution: sequences must have at least this many positions. */
  get minLength(): number {
    return Math.max(...this.config.widths);
  }

  /**
   * Token ids (B, T) are looked up; soft one-hot rows (B, T, V) (e.g. a Gumbel-softmax relaxation) multiply the
   * embedding table, so gradients reach the distribution: (B, T, V) -> (B*T, V) @ (V, E) -> (B, T, E).
   */
  embed(p: Params, x: Tensor): Tensor {
    if (x.rank === 2 && isInteger(x.dtype)) return this.embedding.forward(p, x); // (B, T) -> (B, T, E)
    if (x.rank !== 3 || x.dtype !== 'float32' || x.shape[2] !== this.vocabSize) {
      throw new ShapeError(`${this.name}: input must be int token ids (B, T) or float32 rows (B, T, V = ${this.vocabSize}), got ${x.dtype}${fmt(x.shape)}`);
    }
    const [B, T, V] = x.shape;
    const rows = matmul(reshape(x, [B * T, V]), p[this.embedding.table]); // (B*T, V) @ (V, E) -> (B*T, E)
    return reshape(rows, [B, T, this.config.embedSize]); // (B, T, E)
  }

  /** Logits of "real" for x, token ids (B, T) or soft one-hot rows (B, T, V): (B). */
  logits(p: Params, x: Tensor, training: boolean): Tensor {
    const [B, T] = x.shape;
    if (T < this.minLength) throw new RangeError(`${this.name}: sequences must have at least ${this.minLength} positions (the widest filter), got ${T}`);
    const embedded = this.embed(p, x); // (B, T, E)
    const pooled = concat(this.convs.map((conv) => reluMaxOverTime(conv.forward(p, embedded))), 1); // (B, F)
    // highway: t = sigmoid(W_t h + b_t); h' = t * relu(W_h h + b_h) + (1 - t) * h
    const gate = sigmoid(this.highwayGate.forward(p, pooled)); // (B, F)
    const transformed = relu(this.highwayTransform.forward(p, pooled)); // (B, F)
    const highway = add(mul(gate, transformed), mul(sub(1, gate), pooled)); // (B, F)
    const dropped = dropout(highway, training ? this.config.dropout : 0, 'dropout.highway');
    return reshape(this.output.forward(p, dropped), [B]); // (B, F) @ (F, 1) -> (B, 1) -> (B)
  }
}
