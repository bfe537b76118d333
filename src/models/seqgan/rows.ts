// SeqGAN's data as its phases see it: the sampling rules of the two benchmarks and the training sentences as fixed-length rows.
import { EOS, PAD, UNK, BOS } from '../../data/vocab.js';
import { RunError } from '../../train/run-dir.js';
import type { SamplingRules } from './sampler.js';
import { sequencesOf, type Sequences } from './sequences.js';

/** Synthetic data: fixed-length sequences with no end token; real text: sentences ended by <eos>. */
export function rulesOf(synthetic: boolean): SamplingRules {
  return synthetic
    ? { startToken: BOS, bannedTokens: [PAD, UNK, BOS, EOS], eosToken: null, padToken: PAD }
    : { startToken: BOS, bannedTokens: [PAD, UNK, BOS], eosToken: EOS, padToken: PAD };
}

/** Training sentences as fixed-length rows: exactly the oracle's length (synthetic), or words + <eos> + <pad> (text). */
export function realSequences(encoded: readonly Int32Array[], length: number, synthetic: boolean): Sequences {
  if (synthetic) {
    encoded.forEach((s, i) => {
      if (s.length !== length) throw new RunError(`seqgan: oracle data must have ${length} tokens per line, line ${i + 1} of the training data has ${s.length}`);
    });
    return sequencesOf(encoded, length, PAD);
  }
  return sequencesOf(encoded.map((s) => Int32Array.from([...s.subarray(0, length - 1), EOS])), length, PAD);
}
