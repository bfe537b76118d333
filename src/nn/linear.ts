// Linear layer y = x W + b over the last axis.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, concat, constant, expand, matmul, reshape } from '../engine/ops/index.js';
import { Parameters, uniformInit, zeros } from './parameters.js';

export class Linear {
  readonly weight: string;
  readonly bias: string | null;

  /**
   * options.foldBias (default true) multiplies [x, 1] @ [W; b]; false adds b after x W, which is cheaper when the input
   * is much wider than the output (a convolution's unfolded windows), since folding copies the input.
   */
  readonly foldBias: boolean;

  constructor(readonly name: string, readonly inSize: number, readonly outSize: number, params: Parameters, rng: Rng, options: { bias?: boolean; foldBias?: boolean } = {}) {
    this.foldBias = options.foldBias ?? true;
    // PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias
    const bound = 1 / Math.sqrt(inSize);
    this.weight = params.create(`${name}.weight`, [inSize, outSize], uniformInit(bound), rng);
    this.bias = options.bias === false ? null : params.create(`${name}.bias`, [outSize], zeros, rng);
  }

  /** x: (..., in) -> (..., out). */
  forward(p: Readonly<Record<string, Tensor>>, x: Tensor): Tensor {
    const lead = x.shape.slice(0, -1);
    const flat = x.rank === 2 ? x : reshape(x, [-1, this.inSize]); // (N, in)
    const y = this.bias === null
      ? matmul(flat, p[this.weight]) // (N, in) @ (in, out) -> (N, out)
      : this.foldBias ? matmulFoldedBias(flat, p[this.weight], p[this.bias]) : add(matmul(flat, p[this.weight]), p[this.bias]); // (N, out)
    return x.rank === 2 ? y : reshape(y, [...lead, this.outSize]);
  }

}

/**
 * x W + b as [x, 1] @ [W; b]: the bias rides inside the product, so neither the forward pass nor the backward
 * pass makes an extra sweep over the (N, out) output (a bias add, then a ReduceSum for its gradient).
 * Measured on the vocabulary projection: 14.7 -> 11.4 ms per training step at N 1280, in 32, out 5000.
 * x: (N, in), weight: (in, out), bias: (out) -> (N, out).
 */
export function matmulFoldedBias(x: Tensor, weight: Tensor, bias: Tensor): Tensor {
  const outSize = weight.shape[1];
  const ones = expand(constant(x.graph, 1), [x.shape[0], 1]); // (N, 1)
  const xAug = concat([x, ones], 1); // (N, in + 1)
  const wAug = concat([weight, reshape(bias, [1, outSize])], 0); // (in + 1, out)
  return matmul(xAug, wAug); // (N, in + 1) @ (in + 1, out) -> (N, out)
}
