// Top-k filtering: keep the k most probable tokens of a probability row and renormalise.
import { requireIntegerIn } from './checks.js';
import { keepLargest, positiveValuesDescending, requireWeights } from './probability-row.js';

/**
 * A copy of `probs` with everything but the `k` most probable entries set to 0, renormalised.
 * Exactly k entries survive even when several tie with the k-th largest: among tied entries the
 * lowest indices win. Zero-probability entries never survive, so fewer than k may remain.
 */
export function keepTopK(probs: ArrayLike<number>, k: number): Float64Array {
  requireWeights('keepTopK', 'probs', probs);
  requireIntegerIn('keepTopK', 'k', k, 1);
  const descending = positiveValuesDescending(probs);
  return keepLargest(probs, descending, Math.min(k, descending.length));
}
