// Beam-search scores: log-probability divided by length^lengthPenalty, and the best score a live hypothesis could still reach.

/**
 * logProb / length^lengthPenalty, where `length` counts the scored tokens (>= 1). lengthPenalty 0
 * gives the raw sum, 1 the mean log-probability per token; larger values favour longer sequences.
 */
export function lengthNormalizedScore(logProb: number, length: number, lengthPenalty: number): number {
  return lengthPenalty === 0 ? logProb : logProb / length ** lengthPenalty;
}

/**
 * An upper bound on the final score of a live hypothesis with `logProb` over `length` generated tokens,
 * assuming log-probabilities are <= 0 (so the sum can only fall): it will end with between
 * length + 1 and `maxLength` scored tokens, and the bound takes whichever end of that range divides best.
 */
export function bestReachableScore(logProb: number, length: number, maxLength: number, lengthPenalty: number): number {
  if (lengthPenalty === 0) return logProb;
  const mostFavourableLength = lengthPenalty > 0 ? maxLength : length + 1;
  return lengthNormalizedScore(logProb, mostFavourableLength, lengthPenalty);
}
