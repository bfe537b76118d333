// Reconstruction BLEU: each sentence encoded to its posterior mean, decoded greedily, and scored against itself.
import { Rng } from '../../engine/random.js';
import { BOS, EOS, PAD } from '../../data/vocab.js';
import { decode } from '../../decode/decode.js';
import { corpusBleu } from '../../metrics/bleu.js';
import { encodeSentences, type EncodeOptions } from './encode.js';
import { latentStepModel } from './step-model.js';
import type { SeqVae } from './model.js';

export interface Reconstruction {
  /** Corpus BLEU-4 (NLTK corpus_bleu, uniform weights, no smoothing) of the reconstructions against their sources. */
  bleu: number;
  /** The fraction of sentences reconstructed token for token. */
  exact: number;
}

/** Sentences decoded together: one (rows, V) step at a time. */
const DECODE_ROWS = 256;

/**
 * Greedy reconstructions from the posterior means of `encoded` (word ids, no <bos>/<eos>), at most maxLen tokens each,
 * scored on token ids. <unk> may be decoded, since a source may hold it; <pad> and <bos> may not.
 */
export async function reconstructionScores(model: SeqVae, encoded: readonly Int32Array[], options: EncodeOptions): Promise<Reconstruction> {
  const Z = model.latentSize;
  const { mu } = await encodeSentences(model, encoded, options); // (N, Z)
  const hypotheses: string[][] = [];
  for (let start = 0; start < encoded.length; start += DECODE_ROWS) {
    const count = Math.min(DECODE_ROWS, encoded.length - start);
    const decoded = await decode(latentStepModel(model, mu.slice(start * Z, (start + count) * Z), count), {
      strategy: { kind: 'greedy' }, count, bosToken: BOS, eosToken: EOS, maxLength: options.maxLen + 1, rng: new Rng(0), bannedTokens: [PAD, BOS],
    });
    for (const d of decoded) hypotheses.push(Array.from(d.tokens, String));
  }
  const sources = encoded.map((sentence) => Array.from(sentence, String));
  const exact = sources.filter((source, i) => source.length === hypotheses[i].length && source.every((token, t) => token === hypotheses[i][t])).length;
  return { bleu: corpusBleu(sources.map((source) => [source]), hypotheses), exact: exact / encoded.length };
}
