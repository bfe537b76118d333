// Texygen's BLEU protocol done fast: every hypothesis against one fixed reference set, whose clip table and lengths are built once.
import { checkOptionNames, checkOrder, checkSentence, checkSentences, resolveBleuOptions, resolveOrderedOptions, uniformWeights } from './bleu-arguments.js';
import type { BleuOptions, OrderedBleuOptions, SmoothingMethod } from './bleu-arguments.js';
import { LengthMultiset } from './bleu-lengths.js';
import { bleuFromCounts, type BleuCounts } from './bleu-score.js';
import { clippedMatchCount, forEachDistinctId, NgramIndex } from './ngrams.js';

/** BLEU-5 is the highest order text-GAN papers report. */
const DEFAULT_MAX_ORDER = 5;

export interface ReferenceSetOptions {
  /** Highest n-gram order the set can score. Default 5. */
  maxOrder?: number;
}

/**
 * A reference set for scoring many hypotheses, each against ALL the references (no truncation).
 *
 * Per order it keeps the largest count of every n-gram in any single reference, which is exactly the clip NLTK's
 * modified_precision computes when all references are passed, and the reference lengths as a sorted multiset for the
 * closest-length brevity penalty. A score then costs O(|hypothesis| * maxN) instead of O(total reference tokens).
 * The set copies what it needs when built, so later changes to the input arrays do not affect it.
 */
export class ReferenceSet {
  readonly size: number;
  readonly maxOrder: number;
  private readonly index: NgramIndex;
  /** maxCounts[n - 1][id]: the largest count of n-gram `id` in any one reference. */
  private readonly maxCounts: Int32Array[] = [];
  private readonly lengths: LengthMultiset;

  constructor(references: readonly (readonly string[])[], options: ReferenceSetOptions = {}) {
    const where = 'ReferenceSet';
    checkOptionNames(where, options, ['maxOrder']);
    checkSentences(where, 'references', references, 1);
    this.maxOrder = options.maxOrder === undefined ? DEFAULT_MAX_ORDER : checkOrder(where, 'maxOrder', options.maxOrder);
    this.size = references.length;
    const { index, sentenceIds } = NgramIndex.build(references, this.maxOrder);
    this.index = index;
    for (let order = 1; order <= this.maxOrder; order++) {
      const maxCount = new Int32Array(index.distinctCount(order));
      for (const ids of sentenceIds) {
        forEachDistinctId(ids[order - 1], (id, count) => {
          if (count > maxCount[id]) maxCount[id] = count;
        });
      }
      this.maxCounts.push(maxCount);
    }
    this.lengths = new LengthMultiset(references.map((reference) => reference.length));
  }

  /** NLTK's statistics of `hypothesis` against every reference, for orders 1..maxN. */
  counts(hypothesis: readonly string[], maxN: number): BleuCounts {
    const where = 'ReferenceSet.counts';
    checkSentence(where, 'hypothesis', hypothesis);
    this.checkMaxN(where, maxN);
    const ids = this.index.ngramIds(hypothesis, maxN);
    const matches: number[] = [];
    const totals: number[] = [];
    for (let order = 1; order <= maxN; order++) {
      matches.push(clippedMatchCount(ids[order - 1], this.maxCounts[order - 1]));
      totals.push(Math.max(1, ids[order - 1].length));
    }
    return { matches, totals, hypothesisLength: hypothesis.length, referenceLength: this.lengths.closest(hypothesis.length) };
  }

  /** Equal to NLTK sentence_bleu(allReferences, hypothesis, ...); defaults: BLEU-4, smoothing method 1. */
  sentenceBleu(hypothesis: readonly string[], options?: BleuOptions): number {
    const { maxN, weights, smoothing } = resolveBleuOptions('ReferenceSet.sentenceBleu', options);
    return bleuFromCounts(this.counts(hypothesis, maxN), weights, smoothing);
  }

  /** Throws unless maxN is a positive integer this set has tables for. */
  checkMaxN(where: string, maxN: number): void {
    if (checkOrder(where, 'maxN', maxN) > this.maxOrder) {
      throw new RangeError(`${where}: maxN must be <= the maxOrder this ReferenceSet was built with (${this.maxOrder}), got ${maxN}`);
    }
  }
}

/** Mean sentence BLEU of the hypotheses, each against the whole reference set (Texygen's BLEU with NLTK smoothing method 1 by default). */
export function averageBleu(hypotheses: readonly (readonly string[])[], referenceSet: ReferenceSet, options?: BleuOptions): number {
  const where = 'averageBleu';
  const { maxN, weights, smoothing } = resolveBleuOptions(where, options);
  checkReferenceSet(where, referenceSet);
  checkSentences(where, 'hypotheses', hypotheses, 1);
  referenceSet.checkMaxN(where, maxN);
  let sum = 0;
  for (const hypothesis of hypotheses) sum += bleuFromCounts(referenceSet.counts(hypothesis, maxN), weights, smoothing);
  return sum / hypotheses.length;
}

/** BLEU-n of the text-GAN papers: averageBleu with uniform weights 1/n. */
export function bleuN(hypotheses: readonly (readonly string[])[], referenceSet: ReferenceSet, order: number, options: { smoothing?: SmoothingMethod } = {}): number {
  checkOptionNames('bleuN', options, ['smoothing']);
  return averageBleu(hypotheses, referenceSet, { maxN: checkOrder('bleuN', 'order', order), smoothing: options.smoothing });
}

/** BLEU-n for several orders in one pass over the hypotheses (each hypothesis is counted once, up to the highest order). */
export function bleuByOrder(hypotheses: readonly (readonly string[])[], referenceSet: ReferenceSet, options: OrderedBleuOptions = {}): Record<number, number> {
  const where = 'bleuByOrder';
  const { orders, smoothing } = resolveOrderedOptions(where, options);
  checkReferenceSet(where, referenceSet);
  checkSentences(where, 'hypotheses', hypotheses, 1);
  const maxN = Math.max(...orders);
  referenceSet.checkMaxN(where, maxN);
  const sums = orders.map(() => 0);
  const weightsPerOrder = orders.map(uniformWeights);
  for (const hypothesis of hypotheses) {
    const counts = referenceSet.counts(hypothesis, maxN);
    orders.forEach((_order, k) => {
      sums[k] += bleuFromCounts(counts, weightsPerOrder[k], smoothing);
    });
  }
  return Object.fromEntries(orders.map((order, k) => [order, sums[k] / hypotheses.length]));
}

function checkReferenceSet(where: string, referenceSet: unknown): void {
  if (!(referenceSet instanceof ReferenceSet)) throw new TypeError(`${where}: referenceSet must be a ReferenceSet, got ${typeof referenceSet}`);
}
