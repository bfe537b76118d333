// The best finished hypotheses of one beam-search input, and whether any live hypothesis could still beat them.
import type { ScoredSequence } from './hypothesis.js';
import { bestReachableScore } from './length-penalty.js';

/** Keeps the `capacity` best finished sequences by score; on equal scores the one finished first ranks higher. */
export class FinishedHypotheses {
  private readonly ranked: ScoredSequence[] = [];

  constructor(private readonly capacity: number, private readonly maxLength: number, private readonly lengthPenalty: number) {}

  add(sequence: ScoredSequence): void {
    let at = this.ranked.length;
    while (at > 0 && this.ranked[at - 1].score < sequence.score) at--;
    if (at >= this.capacity) return;
    this.ranked.splice(at, 0, sequence);
    if (this.ranked.length > this.capacity) this.ranked.pop();
  }

  /** True when the list is full and a live hypothesis with `bestLiveLogProb` over `liveLength` tokens cannot outscore its worst entry. */
  isSettled(bestLiveLogProb: number, liveLength: number): boolean {
    if (this.ranked.length < this.capacity) return false;
    const worst = this.ranked[this.ranked.length - 1].score;
    return bestReachableScore(bestLiveLogProb, liveLength, this.maxLength, this.lengthPenalty) <= worst;
  }

  /** The finished sequences, best first. */
  best(): ScoredSequence[] {
    return [...this.ranked];
  }
}
