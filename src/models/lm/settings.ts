// Every setting of a language-model training run, with defaults; stored as the run's config.json.
import type { TokenizerKind } from '../../data/tokenize.js';
import type { ScheduleKind } from '../../train/schedule.js';
import { LM_PRESETS, type LmConfig, type LmPreset, type LmCell } from './config.js';

export interface LmSettings {
  /** Training text (one sentence per line); the built-in Brown corpus when absent. */
  train?: string;
  valid?: string;
  test?: string;
  /** Seeded train/valid/test fractions when valid/test files are not given. */
  split: [number, number, number];
  tokenizer: TokenizerKind;
  lowercase: boolean;
  /** Longer lines are truncated to this many tokens. */
  maxLen: number;
  /** Vocabulary cap, specials included. */
  vocabSize: number;
  minFreq: number;
  preset: LmPreset;
  /** Overrides of the preset. */
  cell?: LmCell;
  layers?: number;
  embedSize?: number;
  hiddenSize?: number;
  heads?: number;
  dropout?: number;
  tied?: boolean;
  /** sentence: each line on its own (the VAE/GAN papers); stream: truncated BPTT over the running text (the LM papers). */
  mode: 'sentence' | 'stream';
  batchSize: number;
  /** Chunk length in stream mode. */
  bptt: number;
  epochs: number;
  optimizer: 'adam' | 'sgd';
  lr: number;
  schedule: ScheduleKind;
  lrDecay: number;
  decayStart: number;
  warmup: number;
  /** Global-norm gradient clipping (0: off). */
  clip: number;
  /** Validate every this many steps (0: once per epoch). */
  evalEvery: number;
  checkpointEvery: number;
  patience: number;
  timeBudgetMs?: number;
  logEvery: number;
  seed: number;
  out: string;
}

export const LM_DEFAULTS: LmSettings = {
  split: [0.9, 0.05, 0.05],
  tokenizer: 'word',
  lowercase: true,
  maxLen: 50,
  vocabSize: 10000,
  minFreq: 1,
  preset: 'tiny',
  mode: 'sentence',
  batchSize: 32,
  bptt: 35,
  epochs: 10,
  optimizer: 'adam',
  lr: 2e-3,
  schedule: 'constant',
  lrDecay: 0.5,
  decayStart: 4,
  warmup: 0,
  clip: 5,
  evalEvery: 0,
  checkpointEvery: 200,
  patience: 0,
  logEvery: 20,
  seed: 1,
  out: 'runs/lm',
};

/** The model configuration: the preset with the explicit overrides applied. */
export function modelConfigOf(s: LmSettings): LmConfig {
  const base: LmConfig = { ...LM_PRESETS[s.preset] };
  return {
    ...base,
    cell: s.cell ?? base.cell,
    layers: s.layers ?? base.layers,
    embedSize: s.embedSize ?? base.embedSize,
    hiddenSize: s.hiddenSize ?? base.hiddenSize,
    heads: s.heads ?? base.heads,
    dropout: s.dropout ?? base.dropout,
    tied: s.tied ?? base.tied,
    maxLength: Math.max(base.maxLength, s.mode === 'stream' ? s.bptt : s.maxLen + 1),
  };
}
