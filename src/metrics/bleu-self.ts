// Self-BLEU done right and fast: each generated sentence against all the OTHER generated sentences, from top-2 count tables built once.
import { checkOptionNames, checkOrder, checkSentences, resolveBleuOptions, resolveOrderedOptions, uniformWeights } from './bleu-arguments.js';
import type { BleuOptions, OrderedBleuOptions } from './bleu-arguments.js';
import { LengthMultiset } from './bleu-lengths.js';
import { bleuFromCounts, type BleuCounts } from './bleu-score.js';
import { forEachDistinctId, NgramIndex, type SentenceNgramIds } from './ngrams.js';

const DEFAULT_MAX_ORDER = 5;

/** Per order, the two largest per-sentence counts of every n-gram and which sentence holds the largest. */
interface TopTwoCounts {
  best: Int32Array;
  second: Int32Array;
  bestOwner: Int32Array;
}

/**
 * The sentences of one sample, ready to score each against the others: sentence i's references are all sentences but i
 * (copies of sentence i elsewhere in the list DO count, they are other samples), so the result equals NLTK
 * sentence_bleu(sentences without i, sentences[i]). Leaving i out is O(1) per n-gram: if i holds an n-gram's largest
 * count, the clip is the second largest (equal to the largest when another sentence ties it), else the largest;
 * its length is left out of the length multiset the same way. Built fresh per sample: nothing is cached across samples.
 */
export class SelfBleuSet {
  readonly size: number;
  readonly maxOrder: number;
  private readonly sentenceIds: SentenceNgramIds[];
  private readonly sentenceLengths: Int32Array;
  private readonly topCounts: TopTwoCounts[] = [];
  private readonly lengths: LengthMultiset;

  constructor(sentences: readonly (readonly string[])[], options: { maxOrder?: number } = {}) {
    const where = 'SelfBleuSet';
    checkOptionNames(where, options, ['maxOrder']);
    checkSentences(where, 'sentences', sentences, 2); // a lone sentence has no references
    this.maxOrder = options.maxOrder === undefined ? DEFAULT_MAX_ORDER : checkOrder(where, 'maxOrder', options.maxOrder);
    this.size = sentences.length;
    const { index, sentenceIds } = NgramIndex.build(sentences, this.maxOrder);
    this.sentenceIds = sentenceIds;
    this.sentenceLengths = Int32Array.from(sentences, (sentence) => sentence.length);
    for (let order = 1; order <= this.maxOrder; order++) {
      const distinct = index.distinctCount(order);
      const top: TopTwoCounts = { best: new Int32Array(distinct), second: new Int32Array(distinct), bestOwner: new Int32Array(distinct).fill(-1) };
      sentenceIds.forEach((ids, owner) => {
        forEachDistinctId(ids[order - 1], (id, count) => {
          if (count > top.best[id]) {
            top.second[id] = top.best[id];
            top.best[id] = count;
            top.bestOwner[id] = owner;
          } else if (count > top.second[id]) {
            top.second[id] = count; // also a tie with the best: leaving either holder out still leaves this count
          }
        });
      });
      this.topCounts.push(top);
    }
    this.lengths = new LengthMultiset(this.sentenceLengths);
  }

  /** NLTK's statistics of sentence `position` against all other sentences, orders 1..maxN. */
  counts(position: number, maxN: number): BleuCounts {
    const where = 'SelfBleuSet.counts';
    if (!Number.isInteger(position) || position < 0 || position >= this.size) throw new RangeError(`${where}: position must be an integer in [0, ${this.size - 1}], got ${position}`);
    this.checkMaxN(where, maxN);
    const matches: number[] = [];
    const totals: number[] = [];
    for (let order = 1; order <= maxN; order++) {
      const { best, second, bestOwner } = this.topCounts[order - 1];
      const ids = this.sentenceIds[position][order - 1];
      let matched = 0;
      forEachDistinctId(ids, (id, count) => {
        matched += Math.min(count, bestOwner[id] === position ? second[id] : best[id]);
      });
      matches.push(matched);
      totals.push(Math.max(1, ids.length));
    }
    const ownLength = this.sentenceLengths[position];
    return { matches, totals, hypothesisLength: ownLength, referenceLength: this.lengths.closest(ownLength, ownLength) };
  }

  /** BLEU of sentence `position` against all the others; defaults: BLEU-4, smoothing method 1. */
  sentenceBleu(position: number, options?: BleuOptions): number {
    const { maxN, weights, smoothing } = resolveBleuOptions('SelfBleuSet.sentenceBleu', options);
    return bleuFromCounts(this.counts(position, maxN), weights, smoothing);
  }

  /** Every sentence's BLEU against the others, in input order. */
  perSentence(options?: BleuOptions): number[] {
    const { maxN, weights, smoothing } = resolveBleuOptions('SelfBleuSet.perSentence', options);
    this.checkMaxN('SelfBleuSet.perSentence', maxN);
    return Array.from({ length: this.size }, (_, position) => bleuFromCounts(this.counts(position, maxN), weights, smoothing));
  }

  /** Self-BLEU: the mean of perSentence. */
  average(options?: BleuOptions): number {
    return mean(this.perSentence(options));
  }

  private checkMaxN(where: string, maxN: number): void {
    if (checkOrder(where, 'maxN', maxN) > this.maxOrder) {
      throw new RangeError(`${where}: maxN must be <= the maxOrder this SelfBleuSet was built with (${this.maxOrder}), got ${maxN}`);
    }
  }
}

/** Self-BLEU of a sample (defaults: BLEU-4 weights, smoothing method 1): mean BLEU of each sentence against all others. */
export function selfBleu(sentences: readonly (readonly string[])[], options?: BleuOptions): number {
  const { maxN } = resolveBleuOptions('selfBleu', options);
  return new SelfBleuSet(sentences, { maxOrder: maxN }).average(options);
}

/** Self-BLEU-n for several orders (default 2..5, uniform weights 1/n, smoothing method 1), counting each sentence once. */
export function selfBleuByOrder(sentences: readonly (readonly string[])[], options: OrderedBleuOptions = {}): Record<number, number> {
  const { orders, smoothing } = resolveOrderedOptions('selfBleuByOrder', options);
  const maxN = Math.max(...orders);
  const set = new SelfBleuSet(sentences, { maxOrder: maxN });
  const sums = orders.map(() => 0);
  const weightsPerOrder = orders.map(uniformWeights);
  for (let position = 0; position < set.size; position++) {
    const counts = set.counts(position, maxN);
    orders.forEach((_order, k) => {
      sums[k] += bleuFromCounts(counts, weightsPerOrder[k], smoothing);
    });
  }
  return Object.fromEntries(orders.map((order, k) => [order, sums[k] / set.size]));
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
