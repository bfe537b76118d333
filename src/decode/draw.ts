// Drawing an index from a weight row by inverting its cumulative distribution at a given uniform.
import { requireNumber } from './checks.js';
import { requireWeights } from './probability-row.js';

/**
 * The index i whose cumulative-weight interval [W(i-1), W(i)) contains u * total, scanning in
 * index order; zero-weight indices are never drawn. `u` must be in [0, 1), e.g. from `rng.uniform()`.
 */
export function drawFromCdf(weights: ArrayLike<number>, u: number): number {
  const total = requireWeights('drawFromCdf', 'weights', weights);
  requireNumber('drawFromCdf', 'u', u);
  if (!(u >= 0 && u < 1)) throw new RangeError(`drawFromCdf: u must be in [0, 1), got ${u}`);
  const target = u * total;
  let cumulative = 0;
  let lastPositive = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    cumulative += weights[i];
    lastPositive = i;
    if (target < cumulative) return i;
  }
  return lastPositive; // only when rounding leaves the target at the very top
}
