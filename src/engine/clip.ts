// Global-norm gradient clipping as traced ops: every gradient scaled by min(1, maxNorm / ||g||).
import type { Tensor } from './graph.js';
import { mul } from './ops/mul.js';
import { div } from './ops/div.js';
import { sqrt } from './ops/sqrt.js';
import { max } from './ops/max.js';
import { reduceSum } from './ops/reduce-sum.js';
import { sum } from './ops/sum.js';
import { constant } from './ops/constant.js';

export function globalNorm(grads: readonly Tensor[]): Tensor {
  const squares = grads.map((g) => reduceSum(mul(g, g)));
  return sqrt(sum(squares));
}

export function clipByGlobalNorm(grads: readonly Tensor[], maxNorm: number): { grads: Tensor[]; norm: Tensor } {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalNorm(grads);
  const limit = constant(norm.graph, maxNorm);
  // scale = maxNorm / max(norm, maxNorm): 1 below the threshold, never a division by zero
  const scale = div(limit, max(norm, limit));
  return { grads: grads.map((g) => mul(g, scale)), norm };
}
