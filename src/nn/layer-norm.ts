// Layer normalisation over the last axis (Ba et al. 2016), composed from reductions and elementwise ops.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, sub, mul, div, sqrt, reduceMean } from '../engine/ops/index.js';
import { Parameters, ones, zeros } from './parameters.js';

/** (x - mean) / sqrt(var + eps) over the last axis; eps keeps a constant row from dividing by zero. */
export function normalizeLastAxis(x: Tensor, eps = 1e-5): Tensor {
  const axis = x.rank - 1;
  const centred = sub(x, reduceMean(x, [axis], true)); // (..., D)
  const variance = reduceMean(mul(centred, centred), [axis], true); // (..., 1), biased like PyTorch
  return div(centred, sqrt(add(variance, eps)));
}

export class LayerNorm {
  readonly gain: string;
  readonly bias: string;

  constructor(readonly name: string, readonly size: number, params: Parameters, rng: Rng, readonly eps = 1e-5) {
    this.gain = params.create(`${name}.gain`, [size], ones, rng);
    this.bias = params.create(`${name}.bias`, [size], zeros, rng);
  }

  forward(p: Readonly<Record<string, Tensor>>, x: Tensor): Tensor {
    return add(mul(normalizeLastAxis(x, this.eps), p[this.gain]), p[this.bias]);
  }
}
