// Validation and selection shared by the probability filters (top-k, top-p, the inverse-CDF draw).
import { requireNumberRow } from './checks.js';

/** Checks that `probs` (called `what` in errors) is a non-empty row of finite, non-negative weights with a positive sum, and returns the sum. */
export function requireWeights(where: string, what: string, probs: unknown): number {
  requireNumberRow(where, what, probs);
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (!(p >= 0 && p < Infinity)) throw new RangeError(`${where}: ${what}[${i}] must be finite and >= 0, got ${p}`);
    total += p;
  }
  if (!(total > 0 && total < Infinity)) throw new RangeError(`${where}: sum of ${what} must be finite and > 0, got ${total}`);
  return total;
}

/** The positive entries of `probs`, largest first (a native numeric sort, much faster than sorting indices). */
export function positiveValuesDescending(probs: ArrayLike<number>): Float64Array {
  const values = Float64Array.from(probs).sort().reverse();
  let positives = 0;
  while (positives < values.length && values[positives] > 0) positives++;
  return values.subarray(0, positives);
}

/**
 * A copy of `probs` keeping only its `count` largest entries (count <= the number of positive entries,
 * `descending` being their values from positiveValuesDescending), renormalised to sum to 1. Among entries
 * tied with the smallest kept value, the lowest indices are kept.
 */
export function keepLargest(probs: ArrayLike<number>, descending: Float64Array, count: number): Float64Array {
  const threshold = descending[count - 1];
  let aboveThreshold = 0;
  while (descending[aboveThreshold] > threshold) aboveThreshold++;
  let tiesToKeep = count - aboveThreshold;
  const out = new Float64Array(probs.length);
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (p > threshold || (p === threshold && tiesToKeep-- > 0)) {
      out[i] = p;
      total += p;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}
