// NLTK's final BLEU step from exact counts: the no-unigram-match rule, smoothing, brevity penalty and the weighted geometric mean.
import type { SmoothingMethod } from './bleu-arguments.js';
import { smoothedPrecisions } from './bleu-smoothing.js';

/** The integer statistics BLEU is computed from, for one sentence or summed over a corpus (NLTK keeps them as Fractions). */
export interface BleuCounts {
  /** matches[n - 1]: clipped n-gram matches, NLTK's modified-precision numerator. */
  matches: number[];
  /** totals[n - 1]: hypothesis n-grams, but at least 1 per sentence, NLTK's modified-precision denominator. */
  totals: number[];
  /** Hypothesis tokens (summed over the corpus). */
  hypothesisLength: number;
  /** Closest reference length (summed over the corpus). */
  referenceLength: number;
}

/** NLTK's brevity_penalty: 1 when the hypothesis is longer than the reference, 0 when it is empty, else exp(1 - r / c). */
export function brevityPenalty(referenceLength: number, hypothesisLength: number): number {
  if (hypothesisLength > referenceLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - referenceLength / hypothesisLength);
}

/** BLEU from counts of at least weights.length orders, exactly as NLTK's corpus_bleu finishes. */
export function bleuFromCounts(counts: BleuCounts, weights: readonly number[], smoothing: SmoothingMethod): number {
  // NLTK returns 0 before smoothing when nothing matches at order 1 (higher orders then cannot match either).
  if (counts.matches[0] === 0) return 0;
  const precisions = smoothedPrecisions(counts.matches, counts.totals, weights.length, smoothing, counts.hypothesisLength);
  const terms: number[] = [];
  for (let i = 0; i < weights.length; i++) if (precisions[i] > 0) terms.push(weights[i] * Math.log(precisions[i]));
  return brevityPenalty(counts.referenceLength, counts.hypothesisLength) * Math.exp(compensatedSum(terms));
}

/** Neumaier's compensated sum: within an ulp or so of NLTK's math.fsum on these few terms. */
function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}
