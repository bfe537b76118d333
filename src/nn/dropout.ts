// Inverted dropout driven by a Bernoulli random-stream input, so masks come from the seeded generator.
import type { Tensor } from '../engine/graph.js';
import { mul } from '../engine/ops/index.js';

/**
 * Zero each element with probability `rate` and scale the rest by 1 / (1 - rate). The mask is a graph
 * input named `name`, refilled from the step's generator before every run; rate 0 returns x unchanged.
 */
export function dropout(x: Tensor, rate: number, name: string): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x;
  const keep = x.graph.random(name, x.shape, { dist: 'bernoulli', p: 1 - rate });
  return mul(x, mul(keep, 1 / (1 - rate)));
}
