// BLEU as NLTK 3.8 computes it (sentence_bleu, corpus_bleu), and the package's BLEU entry point re-exporting the fast scorers.
import { checkSentence, checkSentences, resolveBleuOptions, type BleuOptions } from './bleu-arguments.js';
import { closestReferenceLength } from './bleu-lengths.js';
import { bleuFromCounts, type BleuCounts } from './bleu-score.js';
import { forEachDistinctId, NgramIndex } from './ngrams.js';

export { uniformWeights, type BleuOptions, type OrderedBleuOptions, type SmoothingMethod } from './bleu-arguments.js';
export { brevityPenalty, bleuFromCounts, type BleuCounts } from './bleu-score.js';
export { closestReferenceLength, LengthMultiset } from './bleu-lengths.js';
export { ReferenceSet, averageBleu, bleuN, bleuByOrder, type ReferenceSetOptions } from './bleu-reference-set.js';
export { SelfBleuSet, selfBleu, selfBleuByOrder } from './bleu-self.js';

/**
 * NLTK's per-sentence statistics: for each order, the hypothesis n-grams clipped by their largest count in any single
 * reference (not the sum over references), the n-gram total (at least 1), and the closest reference length.
 */
export function sentenceCounts(references: readonly (readonly string[])[], hypothesis: readonly string[], maxN: number): BleuCounts {
  const { sentenceIds } = NgramIndex.build([hypothesis, ...references], maxN);
  const [hypothesisIds, ...referenceIds] = sentenceIds;
  const matches: number[] = [];
  const totals: number[] = [];
  for (let order = 1; order <= maxN; order++) {
    const hypothesisCounts = new Map<number, number>();
    forEachDistinctId(hypothesisIds[order - 1], (id, count) => hypothesisCounts.set(id, count));
    const maxReferenceCounts = new Map<number, number>();
    for (const reference of referenceIds) {
      forEachDistinctId(reference[order - 1], (id, count) => {
        if (hypothesisCounts.has(id)) maxReferenceCounts.set(id, Math.max(count, maxReferenceCounts.get(id) ?? 0));
      });
    }
    let matched = 0;
    for (const [id, count] of hypothesisCounts) matched += Math.min(count, maxReferenceCounts.get(id) ?? 0);
    matches.push(matched);
    totals.push(Math.max(1, hypothesisIds[order - 1].length));
  }
  const referenceLength = closestReferenceLength(references.map((reference) => reference.length), hypothesis.length);
  return { matches, totals, hypothesisLength: hypothesis.length, referenceLength };
}

/** NLTK 3.8 sentence_bleu(references, hypothesis, weights, smoothing_function=method{smoothing}); defaults: BLEU-4, method 1. */
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options?: BleuOptions): number {
  const where = 'sentenceBleu';
  const { maxN, weights, smoothing } = resolveBleuOptions(where, options);
  checkSentences(where, 'references', references, 1);
  checkSentence(where, 'hypothesis', hypothesis);
  return bleuFromCounts(sentenceCounts(references, hypothesis, maxN), weights, smoothing);
}

/**
 * NLTK 3.8 corpus_bleu: matches, totals, hypothesis lengths and closest reference lengths are summed over the corpus
 * before one BLEU is taken (micro-average), and method 4 uses the corpus's total hypothesis length.
 */
export function corpusBleu(
  referencesPerHypothesis: readonly (readonly (readonly string[])[])[],
  hypotheses: readonly (readonly string[])[],
  options?: BleuOptions,
): number {
  const where = 'corpusBleu';
  const { maxN, weights, smoothing } = resolveBleuOptions(where, options);
  checkSentences(where, 'hypotheses', hypotheses, 0); // NLTK scores an empty corpus 0
  if (!Array.isArray(referencesPerHypothesis)) throw new TypeError(`${where}: referencesPerHypothesis must be an array of reference lists, got ${typeof referencesPerHypothesis}`);
  if (referencesPerHypothesis.length !== hypotheses.length) {
    throw new RangeError(`${where}: referencesPerHypothesis.length must equal hypotheses.length (${hypotheses.length}), got ${referencesPerHypothesis.length}`);
  }
  referencesPerHypothesis.forEach((references, i) => checkSentences(where, `referencesPerHypothesis[${i}]`, references, 1));
  const total: BleuCounts = { matches: new Array<number>(maxN).fill(0), totals: new Array<number>(maxN).fill(0), hypothesisLength: 0, referenceLength: 0 };
  hypotheses.forEach((hypothesis, i) => {
    const counts = sentenceCounts(referencesPerHypothesis[i], hypothesis, maxN);
    for (let n = 0; n < maxN; n++) {
      total.matches[n] += counts.matches[n];
      total.totals[n] += counts.totals[n];
    }
    total.hypothesisLength += counts.hypothesisLength;
    total.referenceLength += counts.referenceLength;
  });
  return bleuFromCounts(total, weights, smoothing);
}
