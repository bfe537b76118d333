// Linear layer y = x W + b over the last axis.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, matmul, reshape } from '../engine/ops/index.js';
import { Parameters, uniformInit, zeros } from './parameters.js';

export class Linear {
  readonly weight: string;
  readonly bias: string | null;

  constructor(readonly name: string, readonly inSize: number, readonly outSize: number, params: Parameters, rng: Rng, options: { bias?: boolean } = {}) {
    // PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias
    const bound = 1 / Math.sqrt(inSize);
    this.weight = params.create(`${name}.weight`, [inSize, outSize], uniformInit(bound), rng);
    this.bias = options.bias === false ? null : params.create(`${name}.bias`, [outSize], zeros, rng);
  }

  /** x: (..., in) -> (..., out). */
  forward(p: Readonly<Record<string, Tensor>>, x: Tensor): Tensor {
    const lead = x.shape.slice(0, -1);
    const flat = x.rank === 2 ? x : reshape(x, [-1, this.inSize]); // (N, in)
    let y = matmul(flat, p[this.weight]); // (N, in) @ (in, out) -> (N, out)
    if (this.bias) y = add(y, p[this.bias]);
    return x.rank === 2 ? y : reshape(y, [...lead, this.outSize]);
  }
}
