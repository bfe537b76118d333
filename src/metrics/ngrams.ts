// N-gram interning for BLEU: the tokens and n-grams of a fixed sentence collection get dense integer ids, so counting uses small-number keys instead of strings.

/** The id of a token or n-gram that the index has never seen; such an n-gram can match nothing. */
export const UNSEEN = -1;

/** Per sentence, per order: ids[n - 1][i] is the id of the n-gram that starts at token i (UNSEEN if unknown). */
export type SentenceNgramIds = Int32Array[];

/**
 * Token and n-gram ids of a sentence collection, orders 1..maxOrder.
 *
 * An n-gram's id is found from its (n - 1)-gram prefix's id and its last token's id, one Map lookup per order and
 * position, so no n-gram is ever turned into a string and no choice of token text can make two n-grams collide.
 * The index is frozen once built: n-grams of other sentences are looked up, never added.
 */
export class NgramIndex {
  readonly maxOrder: number;
  private readonly tokenIds = new Map<string, number>();
  /** extensionIds[n - 2]: (id of an (n - 1)-gram) * tokenCount + (id of the token after it) -> id of the n-gram. */
  private readonly extensionIds: Map<number, number>[] = [];
  private tokenCount = 0;

  private constructor(maxOrder: number) {
    this.maxOrder = maxOrder;
  }

  /** Indexes every n-gram of `sentences` up to `maxOrder`, and returns the index with each sentence's n-gram ids. */
  static build(sentences: readonly (readonly string[])[], maxOrder: number): { index: NgramIndex; sentenceIds: SentenceNgramIds[] } {
    if (!Number.isInteger(maxOrder) || maxOrder < 1) throw new RangeError(`NgramIndex.build: maxOrder must be a positive integer, got ${maxOrder}`);
    const index = new NgramIndex(maxOrder);
    let tokenTotal = 0;
    for (const sentence of sentences) {
      tokenTotal += sentence.length;
      for (const token of sentence) if (!index.tokenIds.has(token)) index.tokenIds.set(token, index.tokenIds.size);
    }
    index.tokenCount = index.tokenIds.size;
    // A prefix id is below tokenTotal and a token id below tokenCount, so keys stay exact integers under this bound.
    if (tokenTotal * index.tokenCount > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`NgramIndex.build: tokens x distinct tokens must be <= ${Number.MAX_SAFE_INTEGER}, got ${tokenTotal} x ${index.tokenCount}`);
    }
    for (let order = 2; order <= maxOrder; order++) index.extensionIds.push(new Map());
    const sentenceIds = sentences.map((sentence) => index.idsOf(sentence, maxOrder, true));
    return { index, sentenceIds };
  }

  /** Number of distinct n-grams of this order in the indexed sentences; ids of that order run from 0 to this - 1. */
  distinctCount(order: number): number {
    if (!Number.isInteger(order) || order < 1 || order > this.maxOrder) {
      throw new RangeError(`NgramIndex.distinctCount: order must be an integer in [1, ${this.maxOrder}], got ${order}`);
    }
    return order === 1 ? this.tokenCount : this.extensionIds[order - 2].size;
  }

  /** The n-gram ids of any sentence for orders 1..maxOrder (default: all indexed orders); unknown n-grams are UNSEEN. */
  ngramIds(sentence: readonly string[], maxOrder = this.maxOrder): SentenceNgramIds {
    if (!Number.isInteger(maxOrder) || maxOrder < 1 || maxOrder > this.maxOrder) {
      throw new RangeError(`NgramIndex.ngramIds: maxOrder must be an integer in [1, ${this.maxOrder}], got ${maxOrder}`);
    }
    return this.idsOf(sentence, maxOrder, false);
  }

  private idsOf(sentence: readonly string[], maxOrder: number, addNew: boolean): SentenceNgramIds {
    const tokens = new Int32Array(sentence.length);
    for (let i = 0; i < sentence.length; i++) tokens[i] = this.tokenIds.get(sentence[i]) ?? UNSEEN;
    const byOrder: SentenceNgramIds = [tokens];
    for (let order = 2; order <= maxOrder; order++) {
      const prefixes = byOrder[order - 2];
      const table = this.extensionIds[order - 2];
      const ids = new Int32Array(Math.max(0, sentence.length - order + 1));
      for (let start = 0; start < ids.length; start++) {
        const prefix = prefixes[start];
        const last = tokens[start + order - 1];
        if (prefix === UNSEEN || last === UNSEEN) {
          ids[start] = UNSEEN;
          continue;
        }
        const key = prefix * this.tokenCount + last;
        let id = table.get(key);
        if (id === undefined) {
          id = addNew ? table.size : UNSEEN;
          if (addNew) table.set(key, id);
        }
        ids[start] = id;
      }
      byOrder.push(ids);
    }
    return byOrder;
  }
}

/** Calls visit(id, count) once per distinct id in `ids` (ascending), with its number of occurrences; UNSEEN ids are skipped. */
export function forEachDistinctId(ids: Int32Array, visit: (id: number, count: number) => void): void {
  if (ids.length === 0) return;
  const sorted = ids.slice().sort();
  let runStart = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[runStart]) continue;
    if (sorted[runStart] !== UNSEEN) visit(sorted[runStart], i - runStart);
    runStart = i;
  }
}

/** Σ over distinct ids of min(occurrences in `ids`, clip[id]): BLEU's clipped match count against a max-count table. */
export function clippedMatchCount(ids: Int32Array, clip: Int32Array): number {
  let matches = 0;
  forEachDistinctId(ids, (id, count) => {
    matches += Math.min(count, clip[id]);
  });
  return matches;
}
