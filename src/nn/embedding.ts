// Token embedding: a (V, E) table looked up by integer ids; its gradient is a scatter-add into the rows used.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { gather } from '../engine/ops/index.js';
import { Parameters, normalInit } from './parameters.js';

export class Embedding {
  readonly table: string;

  constructor(readonly name: string, readonly vocabSize: number, readonly size: number, params: Parameters, rng: Rng, std = 0.1) {
    this.table = params.create(`${name}.table`, [vocabSize, size], normalInit(std), rng);
  }

  /** ids: (...) int -> (..., E). */
  forward(p: Readonly<Record<string, Tensor>>, ids: Tensor): Tensor {
    return gather(p[this.table], ids, 0);
  }
}
