// Nucleus (top-p) filtering: keep the smallest set of most probable tokens whose probability reaches p, and renormalise.
import { requireNumber } from './checks.js';
import { keepLargest, positiveValuesDescending, requireWeights } from './probability-row.js';

/**
 * A copy of `probs` keeping the smallest prefix of entries, taken most probable first (ties in
 * ascending index order), whose cumulative share of the total reaches `p`; the rest become 0 and
 * the kept entries are renormalised. The most probable entry is always kept; p = 1 keeps every
 * positive entry. Tokens tied with the last one kept are not added.
 */
export function keepTopP(probs: ArrayLike<number>, p: number): Float64Array {
  requireWeights('keepTopP', 'probs', probs);
  requireNumber('keepTopP', 'p', p);
  if (!(p > 0 && p <= 1)) throw new RangeError(`keepTopP: p must be in (0, 1], got ${p}`);
  const descending = positiveValuesDescending(probs);
  if (p === 1) return keepLargest(probs, descending, descending.length);
  let total = 0;
  for (const value of descending) total += value; // summed in the same order as the prefix below
  const target = p * total;
  let cumulative = 0;
  let count = 0;
  while (count < descending.length) {
    cumulative += descending[count++];
    if (cumulative >= target) break;
  }
  return keepLargest(probs, descending, count);
}
