// Diversity of generated text: distinct-n ratios and n-gram entropy, counted over n-grams inside each sentence.

/** How entropy is reported: natural log (nats, the default) or log base 2 (bits). */
export type EntropyUnit = 'nats' | 'bits';

export interface EntropyOptions {
  unit?: EntropyUnit;
}

/** The n-gram counts of a set of sentences: occurrences per distinct n-gram, and the total number of n-grams. */
export interface NgramCounts {
  counts: Map<string, number>;
  total: number;
}

/** One row of a diversity report: the n-gram order and its statistics. */
export interface DiversityRow {
  n: number;
  /** Number of n-grams in all sentences together. */
  totalNgrams: number;
  /** Number of different n-grams among them. */
  uniqueNgrams: number;
  /** uniqueNgrams / totalNgrams, 0 when there are no n-grams. */
  distinct: number;
  entropyNats: number;
  entropyBits: number;
}

/**
 * An unambiguous string key for tokens[start, end): each token is prefixed by its length, so no choice of token text
 * can make two different sequences share a key (['a b'] and ['a', 'b'] differ).
 */
export function sequenceKey(tokens: readonly string[], start = 0, end = tokens.length): string {
  let key = '';
  for (let i = start; i < end; i++) key += `${tokens[i].length}:${tokens[i]}`;
  return key;
}

function checkOrder(where: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${where}: n must be a positive integer, got ${n}`);
}

/** Counts every n-gram that lies inside one sentence; sentences shorter than n contribute none. */
export function ngramCounts(sentences: readonly (readonly string[])[], n: number): NgramCounts {
  checkOrder('ngramCounts', n);
  const counts = new Map<string, number>();
  let total = 0;
  for (const sentence of sentences) {
    for (let start = 0; start + n <= sentence.length; start++) {
      const key = sequenceKey(sentence, start, start + n);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total++;
    }
  }
  return { counts, total };
}

function distinctOf({ counts, total }: NgramCounts): number {
  return total === 0 ? 0 : counts.size / total;
}

function entropyNatsOf({ counts, total }: NgramCounts): number {
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / total;
    entropy -= p * Math.log(p);
  }
  // A single distinct n-gram gives -1 * log(1) = -0; report it as 0.
  return entropy === 0 ? 0 : entropy;
}

/** Distinct-n: different n-grams divided by all n-grams, over all sentences; 0 when there are no n-grams. */
export function distinctN(sentences: readonly (readonly string[])[], n: number): number {
  checkOrder('distinctN', n);
  return distinctOf(ngramCounts(sentences, n));
}

/** Shannon entropy of the n-gram frequency distribution over all sentences, in nats unless `unit: 'bits'`; 0 when there are no n-grams. */
export function ngramEntropy(sentences: readonly (readonly string[])[], n: number, options: EntropyOptions = {}): number {
  checkOrder('ngramEntropy', n);
  const unit = options.unit ?? 'nats';
  if (unit !== 'nats' && unit !== 'bits') throw new RangeError(`ngramEntropy: unit must be 'nats' or 'bits', got ${String(unit)}`);
  const nats = entropyNatsOf(ngramCounts(sentences, n));
  return unit === 'bits' ? nats / Math.LN2 : nats;
}

/** Distinct-n and entropy (nats and bits) for each order in `ns`, counting each order's n-grams once. */
export function diversityReport(sentences: readonly (readonly string[])[], ns: readonly number[] = [1, 2, 3, 4]): DiversityRow[] {
  for (const n of ns) checkOrder('diversityReport', n);
  return ns.map((n) => {
    const counts = ngramCounts(sentences, n);
    const entropyNats = entropyNatsOf(counts);
    return {
      n,
      totalNgrams: counts.total,
      uniqueNgrams: counts.counts.size,
      distinct: distinctOf(counts),
      entropyNats,
      entropyBits: entropyNats / Math.LN2,
    };
  });
}
