// Every setting of a sequence-VAE training run, with defaults; stored as the run's config.json.
import type { TokenizerKind } from '../../data/tokenize.js';
import type { KlScheduleKind } from '../../train/kl-schedule.js';
import { SEQVAE_PRESETS, type SeqVaeConfig, type SeqVaePreset, type SeqVaeCell, type SeqVaeConditioning, type FreeBitsMode } from './config.js';

export interface SeqVaeSettings {
  train?: string;
  valid?: string;
  test?: string;
  split: [number, number, number];
  tokenizer: TokenizerKind;
  lowercase: boolean;
  maxLen: number;
  vocabSize: number;
  minFreq: number;
  preset: SeqVaePreset;
  encoderCell?: SeqVaeCell;
  decoderCell?: SeqVaeCell;
  bidirectional?: boolean;
  embedSize?: number;
  hiddenSize?: number;
  latentSize?: number;
  conditioning?: SeqVaeConditioning;
  wordDropout?: number;
  freeBits?: number;
  freeBitsMode?: FreeBitsMode;
  /** KL annealing: constant (beta throughout), linear, logistic (Bowman), cyclical (Fu et al.). */
  klAnneal: KlScheduleKind;
  /** The final KL weight. */
  beta: number;
  /** linear: steps to reach beta; logistic: the midpoint x0 (k = 10 / klWarmup); cyclical: steps per cycle. */
  klWarmup: number;
  batchSize: number;
  epochs: number;
  lr: number;
  clip: number;
  evalEvery: number;
  checkpointEvery: number;
  patience: number;
  timeBudgetMs?: number;
  logEvery: number;
  /** Importance samples per sentence for validation and for the final test number. */
  validSamples: number;
  testSamples: number;
  seed: number;
  out: string;
}

export const SEQVAE_DEFAULTS: SeqVaeSettings = {
  split: [0.9, 0.05, 0.05],
  tokenizer: 'word',
  lowercase: true,
  maxLen: 50,
  vocabSize: 10000,
  minFreq: 1,
  preset: 'tiny',
  klAnneal: 'logistic',
  beta: 1,
  klWarmup: 2500,
  batchSize: 32,
  epochs: 10,
  lr: 1e-3,
  clip: 5,
  evalEvery: 0,
  checkpointEvery: 200,
  patience: 0,
  logEvery: 20,
  validSamples: 10,
  testSamples: 500,
  seed: 1,
  out: 'runs/seqvae',
};

export function seqVaeConfigOf(s: SeqVaeSettings): SeqVaeConfig {
  const base: SeqVaeConfig = { ...SEQVAE_PRESETS[s.preset] };
  const pick = <K extends keyof SeqVaeConfig>(k: K): SeqVaeConfig[K] => ((s as unknown as Partial<SeqVaeConfig>)[k] ?? base[k]) as SeqVaeConfig[K];
  return {
    ...base,
    encoderCell: pick('encoderCell'), decoderCell: pick('decoderCell'), bidirectional: pick('bidirectional'),
    embedSize: pick('embedSize'), hiddenSize: pick('hiddenSize'), latentSize: pick('latentSize'),
    conditioning: pick('conditioning'), wordDropout: pick('wordDropout'), freeBits: pick('freeBits'), freeBitsMode: pick('freeBitsMode'),
  };
}
