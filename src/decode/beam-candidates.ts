// Ranking the one-token extensions of one input's live beams, to pick the next beams from.
import type { LiveHypothesis } from './hypothesis.js';

/** Extending beam `beam` with `token` gives summed log-probability `logProb`. */
export interface Candidate {
  beam: number;
  token: number;
  logProb: number;
}

/** Orders candidates by summed log-probability, highest first, then by beam index, then by token id. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return b.logProb - a.logProb || a.beam - b.beam || a.token - b.token;
}

/**
 * The best `limit` extensions of the live `beams` (null slots are skipped), where beam k's next-token
 * log-probabilities are row `firstRow + k` of `logProbs` (rows * V). Banned and -Infinity tokens are skipped.
 */
export function bestExtensions(logProbs: Float32Array, V: number, firstRow: number, beams: readonly (LiveHypothesis | null)[], bannedMask: Uint8Array, limit: number): Candidate[] {
  const all: Candidate[] = [];
  beams.forEach((hypothesis, beam) => {
    if (hypothesis === null) return;
    const offset = (firstRow + beam) * V; // (rows, V) row firstRow + beam
    const best: Candidate[] = []; // this beam's top `limit`, sorted; equal sums keep ascending token order
    for (let token = 0; token < V; token++) {
      const stepLogProb = logProbs[offset + token];
      if (bannedMask[token] === 1 || stepLogProb === -Infinity) continue;
      const logProb = hypothesis.logProb + stepLogProb;
      if (best.length === limit && !(logProb > best[limit - 1].logProb)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].logProb < logProb) at--;
      best.splice(at, 0, { beam, token, logProb });
      if (best.length > limit) best.pop();
    }
    all.push(...best);
  });
  return all.sort(compareCandidates).slice(0, limit);
}
