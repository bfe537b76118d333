// SeqGAN's discriminator (Yu et al. 2017): the text CNN with highway (src/nn/text-cnn.ts), its paper configuration and its L2 penalty.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { add, mul, reduceSum } from '../../engine/ops/index.js';
import { Parameters } from '../../nn/parameters.js';
import type { Embedding } from '../../nn/embedding.js';
import type { Linear } from '../../nn/linear.js';
import type { Params } from '../../nn/recurrent.js';
import { TextCnn, type TextCnnConfig } from '../../nn/text-cnn.js';

/** The text CNN's shape (its dropout: the paper keeps 0.75) and the training-only L2 weight. */
export interface DiscriminatorConfig extends TextCnnConfig {
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
  /** The network (parameters named d.*), shared with any family that needs a text CNN. */
  readonly network: TextCnn;

  constructor(readonly config: DiscriminatorConfig, readonly vocabSize: number, rng: Rng) {
    validateDiscriminatorConfig(config);
    this.network = new TextCnn('d', config, vocabSize, this.params, rng);
  }

  get embedding(): Embedding {
    return this.network.embedding;
  }

  get output(): Linear {
    return this.network.output;
  }

  /** The total number of filters F: the width of the pooled features. */
  get features(): number {
    return this.network.features;
  }

  /** The longest convolution: sequences must have at least this many positions. */
  get minLength(): number {
    return this.network.minLength;
  }

  /** Logits of "real" for token sequences x (B, T), or soft one-hot rows (B, T, V): (B). */
  logits(p: Params, x: Tensor, training: boolean): Tensor {
    const T = x.shape[1];
    if (T < this.minLength) throw new RangeError(`discriminator: sequences must have at least ${this.minLength} positions (the widest filter), got ${T}`);
    return this.network.logits(p, x, training);
  }

  /** l2 * (|W|^2 + |b|^2) / 2 over the output layer, as the reference code's l2_loss. */
  l2Penalty(p: Params): Tensor {
    const squares = (t: Tensor) => reduceSum(mul(t, t));
    return mul(add(squares(p[this.output.weight]), squares(p[this.output.bias as string])), this.config.l2 / 2);
  }
}
