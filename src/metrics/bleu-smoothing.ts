// NLTK 3.8's SmoothingFunction methods 0-4, applied to exact match counts exactly as NLTK applies them to its Fractions.
import type { SmoothingMethod } from './bleu-arguments.js';

/** NLTK method0 replaces a zero precision by sys.float_info.min, the smallest *normal* double (not Number.MIN_VALUE). */
const PYTHON_FLOAT_MIN = 2.2250738585072014e-308;
/** Method 1's epsilon (SmoothingFunction(epsilon=0.1)). */
const EPSILON = 0.1;
/** Method 4's k (SmoothingFunction(k=5)); NLTK's formula, not Chen & Cherry's K. */
const METHOD4_K = 5;

/**
 * Precision per order 1..orderCount after smoothing. A result of 0 means the order is left out of the geometric mean:
 * NLTK sums w_n * log(p_n) only over p_n > 0, which matters for method 4 when the hypothesis length is 1.
 *
 * matches[n - 1] / totals[n - 1] is NLTK's unnormalised Fraction, totals already at least 1 per sentence;
 * `hypothesisLength` is NLTK's hyp_len (summed over the corpus in corpus_bleu).
 */
export function smoothedPrecisions(
  matches: readonly number[],
  totals: readonly number[],
  orderCount: number,
  smoothing: SmoothingMethod,
  hypothesisLength: number,
): number[] {
  const precisions: number[] = [];
  let zeroIndex = 1; // NLTK's incvnt: counts the zero-match orders seen so far, for methods 3 and 4
  for (let i = 0; i < orderCount; i++) {
    const matched = matches[i];
    const total = totals[i];
    switch (smoothing) {
      case 0:
        precisions.push(matched !== 0 ? matched / total : PYTHON_FLOAT_MIN);
        break;
      case 1:
        precisions.push(matched !== 0 ? matched / total : (matched + EPSILON) / total);
        break;
      case 2:
        // add one to numerator and denominator of every order but the first, zero or not
        precisions.push(i === 0 ? matched / total : (matched + 1) / (total + 1));
        break;
      case 3:
        if (matched !== 0) precisions.push(matched / total);
        else precisions.push(1 / (2 ** zeroIndex++ * total));
        break;
      case 4:
        if (matched !== 0) precisions.push(matched / total);
        else if (hypothesisLength > 1) precisions.push(1 / ((2 ** zeroIndex++ * METHOD4_K) / Math.log(hypothesisLength)) / total);
        else precisions.push(0); // NLTK leaves the zero Fraction as it is, and the order drops out of the mean
        break;
    }
  }
  return precisions;
}
