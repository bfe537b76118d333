// The settings every training run shares, whatever the model: its data and its loop. Model settings extend these.
import type { TokenizerKind } from '../data/tokenize.js';
import type { ScheduleConfig, ScheduleKind } from './schedule.js';

export interface DataSettings {
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
  seed: number;
}

export interface LoopSettings {
  batchSize: number;
  epochs: number;
  lr: number;
  /** Global-norm gradient clipping (0: off). */
  clip: number;
  /** Validate every this many steps (0: once per epoch). */
  evalEvery: number;
  checkpointEvery: number;
  patience: number;
  timeBudgetMs?: number;
  logEvery: number;
  out: string;
}

export const DATA_DEFAULTS: DataSettings = { split: [0.9, 0.05, 0.05], tokenizer: 'word', lowercase: true, maxLen: 50, vocabSize: 10000, minFreq: 1, seed: 1 };

export const LOOP_DEFAULTS: LoopSettings = { batchSize: 32, epochs: 10, lr: 1e-3, clip: 5, evalEvery: 0, checkpointEvery: 200, patience: 0, logEvery: 20, out: 'runs/run' };

/** Loop settings that may change on --resume: they change neither the model, the data nor the batch order. */
export const RESUMABLE_LOOP_SETTINGS = ['epochs', 'timeBudgetMs', 'patience', 'evalEvery', 'checkpointEvery', 'logEvery', 'out'] as const;

/** The learning-rate schedule of a run (see schedule.ts). */
export interface ScheduleSettings {
  schedule: ScheduleKind;
  /** decay: factor per epoch from decayStart on; plateau: factor on each validation without improvement. */
  lrDecay: number;
  decayStart: number;
  /** Linear warm-up steps. */
  warmup: number;
}

export const SCHEDULE_DEFAULTS: ScheduleSettings = { schedule: 'constant', lrDecay: 0.5, decayStart: 4, warmup: 0 };

export function scheduleConfigOf(s: ScheduleSettings & Pick<LoopSettings, 'lr'>): ScheduleConfig {
  return { kind: s.schedule, lr: s.lr, warmupSteps: s.warmup, factor: s.lrDecay, decayStart: s.decayStart };
}

/**
 * A preset with explicit overrides: `base`, with each of its keys that `given` sets (not undefined or null) taken from
 * `given`. Keys of `given` that `base` lacks are ignored.
 */
export function withOverrides<T extends object>(base: T, given: object): T {
  const out = { ...base };
  for (const key of Object.keys(base) as (keyof T)[]) {
    const value = (given as Partial<T>)[key];
    if (value !== undefined && value !== null) out[key] = value as T[keyof T];
  }
  return out;
}
