// How a SeqGAN generator is scored during and after training: NLL-oracle on the synthetic benchmark, BLEU / Self-BLEU on real text.
import { Rng } from '../../engine/random.js';
import type { Vocabulary } from '../../data/vocab.js';
import type { OracleScoring } from '../../train/family.js';
import type { ReferenceSet } from '../../metrics/bleu.js';
import { textMetrics } from '../../metrics/text-metrics.js';
import { generateSequences } from './generate.js';
import type { RecurrentSampler } from './sampler.js';
import { rowsOf, type Sequences } from './sequences.js';

/** Vocabulary id -> oracle token id (the oracle's training file spells its tokens as numbers), -1 for the specials. */
export function oracleIdsOf(vocab: Vocabulary): Int32Array {
  const map = new Int32Array(vocab.size).fill(-1);
  for (let id = 0; id < vocab.size; id++) {
    const word = vocab.decode([id])[0];
    if (/^\d+$/.test(word)) map[id] = Number(word);
  }
  return map;
}

/** Generated sequences (vocabulary ids) as oracle token ids. */
export function toOracleIds(s: Sequences, map: Int32Array): Int32Array[] {
  return rowsOf(s).map((row) => Int32Array.from(row, (id) => {
    const o = map[id];
    if (o < 0) throw new RangeError(`NLL-oracle: generated token id ${id} is not an oracle token`);
    return o;
  }));
}

/** NLL-oracle of `count` fresh samples (nats per token), drawn with a generator forked from (seed, label). */
export async function nllOracle(sampler: RecurrentSampler, scorer: OracleScoring, map: Int32Array, count: number, length: number, seed: number, label: string): Promise<number> {
  const samples = await generateSequences(sampler, count, length, new Rng(seed).fork(`nll-oracle-${label}`));
  return scorer.score(toOracleIds(samples, map));
}

/** Generated sequences as token lists, each cut at its <eos>. */
export function sequencesToTokens(s: Sequences, vocab: Vocabulary, eos: number | null, pad: number): string[][] {
  return rowsOf(s).map((row) => {
    let end = row.length;
    for (let t = 0; t < row.length; t++) {
      if (row[t] === eos || row[t] === pad) {
        end = t;
        break;
      }
    }
    return vocab.decode(Array.from(row.subarray(0, end)));
  });
}

/** BLEU-2..5 against `references` and Self-BLEU-2..5 of `count` fresh samples (flattened for metrics.jsonl). */
export async function textScores(sampler: RecurrentSampler, vocab: Vocabulary, references: ReferenceSet, count: number, length: number, seed: number, label: string): Promise<Record<string, number>> {
  const samples = await generateSequences(sampler, count, length, new Rng(seed).fork(`text-${label}`));
  const tokens = sequencesToTokens(samples, vocab, sampler.rules.eosToken, sampler.rules.padToken).filter((t) => t.length > 0);
  if (tokens.length === 0) return { samples: 0 };
  const m = textMetrics(tokens, references);
  return { samples: tokens.length, ...m.bleu, ...m.selfBleu };
}

/** Scores a generator the same way during and after training: NLL-oracle of fresh samples, or BLEU / Self-BLEU against the test text. */
export function scorerOf(vocab: Vocabulary, oracle: OracleScoring | null, references: ReferenceSet | null, length: number, seed: number): (sampler: RecurrentSampler, count: number, label: string) => Promise<Record<string, number>> {
  const map = oracleIdsOf(vocab);
  return async (sampler, count, label) => {
    if (oracle) return { nll_oracle: await nllOracle(sampler, oracle, map, count, length, seed, label) };
    return textScores(sampler, vocab, references as ReferenceSet, count, length, seed, label);
  };
}
