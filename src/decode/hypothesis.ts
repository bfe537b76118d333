// The beam-search hypothesis types: a live partial sequence, and a finished one with its length-normalised score.

/** A partial sequence still being extended: its generated tokens and their summed model log-probability. */
export interface LiveHypothesis {
  tokens: number[];
  logProb: number;
}

/** A completed sequence: generated tokens (no end token), summed log-probability, and the score beams are ranked by. */
export interface ScoredSequence {
  tokens: number[];
  logProb: number;
  score: number;
}
