// SeqGAN's discriminator (Yu et al. 2017): embedding, 1-D convolutions of many widths with max-over-time pooling, a highway layer, dropout, one logistic output.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { add, concat, mul, reduceSum, relu, reshape, sigmoid, sub } from '../../engine/ops/index.js';
import { Parameters } from '../../nn/parameters.js';
import { Embedding } from '../../nn/embedding.js';
import { Linear } from '../../nn/linear.js';
import { Conv1d, reluMaxOverTime } from '../../nn/conv1d.js';
import { dropout } from '../../nn/dropout.js';
import type { Params } from '../../nn/recurrent.js';

export interface DiscriminatorConfig {
  embedSize: number;
  /** Convolution widths in tokens, each with filters[i] output channels. */
  widths: readonly number[];
  filters: readonly number[];
  /** Dropout rate after the highway layer during training (the paper keeps 0.75). */
  dropout: number;
  /** L2 weight on the output layer: the loss adds l2 * (|W|^2 + |b|^2) / 2. */
  l2: number;
}

/** The paper's discriminator: embedding 64, widths 1-10, 15, 20 with 1,720 filters in all, dropout 0.25, L2 0.2. */
export const PAPER_DISCRIMINATOR: DiscriminatorConfig = {
  embedSize: 64,
  widths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20],
  filters: [100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160],
  dropout: 0.25,
  l2: 0.2,
};

export function validateDiscriminatorConfig(c: DiscriminatorConfig): void {
  const where = 'discriminator config';
  if (!Number.isSafeInteger(c.embedSize) || c.embedSize < 1) throw new RangeError(`${where}: embedSize must be a positive integer, got ${c.embedSize}`);
  if (c.widths.length === 0 || c.widths.length !== c.filters.length) throw new RangeError(`${where}: widths and filters must be non-empty lists of the same length, got ${c.widths.length} and ${c.filters.length}`);
  for (const [name, list] of [['widths', c.widths], ['filters', c.filters]] as const) {
    for (const v of list) if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must hold positive integers, got ${v}`);
  }
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new RangeError(`${where}: dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.l2 >= 0 && Number.isFinite(c.l2))) throw new RangeError(`${where}: l2 must be finite and >= 0, got ${c.l2}`);
}

export class Discriminator {
  readonly params = new Parameters();
  readonly embedding: Embedding;
  readonly convs: Conv1d[];
  readonly highwayTransform: Linear;
  readonly highwayGate: Linear;
  readonly output: Linear;
  /** The total number of filters F: the width of the pooled features. */
  readonly features: number;

  constructor(readonly config: DiscriminatorConfig, readonly vocabSize: number, rng: Rng) {
    validateDiscriminatorConfig(config);
    const E = config.embedSize;
    this.embedding = new Embedding('d.embed', vocabSize, E, this.params, rng);
    this.convs = config.widths.map((w, i) => new Conv1d(`d.conv${w}`, E, config.filters[i], w, this.params, rng));
    this.features = config.filters.reduce((s, f) => s + f, 0);
    this.highwayTransform = new Linear('d.highway_transform', this.features, this.features, this.params, rng);
    this.highwayGate = new Linear('d.highway_gate', this.features, this.features, this.params, rng);
    this.output = new Linear('d.out', this.features, 1, this.params, rng);
  }

  /** The longest convolution: sequences must have at least this many positions. */
  get minLength(): number {
    return Math.max(...this.config.widths);
  }

  /** Logits of "real" for token sequences x (B, T): (B). */
  logits(p: Params, x: Tensor, training: boolean): Tensor {
    const [B, T] = x.shape;
    if (T < this.minLength) throw new RangeError(`discriminator: sequences must have at least ${this.minLength} positions (the widest filter), got ${T}`);
    const embedded = this.embedding.forward(p, x); // (B, T) -> (B, T, E)
    const pooled = concat(this.convs.map((conv) => reluMaxOverTime(conv.forward(p, embedded))), 1); // (B, F)
    // highway: t = sigmoid(W_t h + b_t); h' = t * relu(W_h h + b_h) + (1 - t) * h
    const gate = sigmoid(this.highwayGate.forward(p, pooled)); // (B, F)
    const transformed = relu(this.highwayTransform.forward(p, pooled)); // (B, F)
    const highway = add(mul(gate, transformed), mul(sub(1, gate), pooled)); // (B, F)
    const dropped = dropout(highway, training ? this.config.dropout : 0, 'dropout.highway');
    return reshape(this.output.forward(p, dropped), [B]); // (B, F) @ (F, 1) -> (B, 1) -> (B)
  }

  /** l2 * (|W|^2 + |b|^2) / 2 over the output layer, as the reference code's l2_loss. */
  l2Penalty(p: Params): Tensor {
    const squares = (t: Tensor) => reduceSum(mul(t, t));
    return mul(add(squares(p[this.output.weight]), squares(p[this.output.bias as string])), this.config.l2 / 2);
  }
}
