// The reference length BLEU's brevity penalty uses: the one closest to the hypothesis length, ties going to the shorter (NLTK's closest_ref_length).

/** NLTK's closest_ref_length: the length minimising (|length - hypothesisLength|, length). */
export function closestReferenceLength(referenceLengths: Iterable<number>, hypothesisLength: number): number {
  let best = -1;
  for (const length of referenceLengths) {
    const distance = Math.abs(length - hypothesisLength);
    const bestDistance = Math.abs(best - hypothesisLength);
    if (best < 0 || distance < bestDistance || (distance === bestDistance && length < best)) best = length;
  }
  if (best < 0) throw new RangeError('closestReferenceLength: referenceLengths must hold at least 1 length, got 0');
  return best;
}

/**
 * The lengths of many references as a sorted multiset, so the closest length is a binary search, and one occurrence of a
 * length can be left out (Self-BLEU: a sentence's own length is not among its references).
 */
export class LengthMultiset {
  /** Distinct lengths, ascending. */
  private readonly lengths: Int32Array;
  /** multiplicities[i]: how many references have lengths[i]. */
  private readonly multiplicities: Int32Array;

  constructor(allLengths: Iterable<number>) {
    const counts = new Map<number, number>();
    for (const length of allLengths) counts.set(length, (counts.get(length) ?? 0) + 1);
    this.lengths = Int32Array.from(counts.keys()).sort();
    this.multiplicities = this.lengths.map((length) => counts.get(length)!);
  }

  /** The closest length to hypothesisLength (ties: the shorter), with one occurrence of `leaveOut` removed when given. */
  closest(hypothesisLength: number, leaveOut?: number): number {
    const present = (i: number): boolean => i >= 0 && i < this.lengths.length && !(this.lengths[i] === leaveOut && this.multiplicities[i] === 1);
    let above = this.firstAtLeast(hypothesisLength);
    if (!present(above)) above++; // at most one distinct length can be left out
    let below = this.firstAtLeast(hypothesisLength) - 1;
    if (!present(below)) below--;
    const hasAbove = present(above);
    const hasBelow = present(below);
    if (!hasAbove && !hasBelow) throw new RangeError('LengthMultiset.closest: references must hold at least 1 length, got 0');
    if (!hasBelow) return this.lengths[above];
    if (!hasAbove) return this.lengths[below];
    const lower = this.lengths[below];
    const upper = this.lengths[above];
    return hypothesisLength - lower <= upper - hypothesisLength ? lower : upper;
  }

  private firstAtLeast(target: number): number {
    let lo = 0;
    let hi = this.lengths.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lengths[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
