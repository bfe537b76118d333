// The settings every training run shares, whatever the model: its data and its loop. Model settings extend these.
import type { TokenizerKind } from '../data/tokenize.js';
import type { ScheduleConfig, ScheduleKind } from './schedule.js';
import { defaultsOf, type SettingsTable } from './settings-table.js';
import type { PhaseLoop } from './phases.js';

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
  /** Skip a step whose loss exceeds this many times the running median (0: off). */
  spikeGuard: number;
  out: string;
}

/** The data settings every family has: files, tokenizer, vocabulary, seed. */
export const DATA_SETTINGS: SettingsTable = {
  train: { kind: 'string', help: 'training text, one sentence per line (default: the built-in Brown corpus)' },
  valid: { kind: 'string', help: 'validation text (default: a seeded split of --train)' },
  test: { kind: 'string', help: 'test text (default: a seeded split of --train)' },
  split: { kind: 'fractions', default: [0.9, 0.05, 0.05], help: 'train,valid,test fractions for the seeded split' },
  tokenizer: { kind: 'choice', choices: ['word', 'whitespace', 'char', 'byte'], default: 'word', help: 'word (punctuation split off), whitespace (pre-tokenized text), char, or byte (UTF-8 bytes, case and spaces kept, a fixed 260-token vocabulary: for compress)' },
  lowercase: { kind: 'boolean', default: true, help: 'lower-case the text (--no-lowercase keeps case)' },
  maxLen: { kind: 'int', default: 50, help: 'truncate lines to this many tokens' },
  vocabSize: { kind: 'int', default: 10000, help: 'vocabulary cap including the 4 specials' },
  minFreq: { kind: 'int', default: 1, help: 'drop words seen fewer times' },
  seed: { kind: 'int', min: -Number.MAX_SAFE_INTEGER, default: 1, help: 'random seed' },
};

export const DATA_DEFAULTS: DataSettings = defaultsOf(DATA_SETTINGS);

/** The loop settings of a single-phase run (multi-phase families take the ones their phases use). */
export const LOOP_SETTINGS: SettingsTable = {
  batchSize: { kind: 'int', default: 32, help: 'sentences (or streams) per batch' },
  epochs: { kind: 'int', default: 10, resumable: true, help: 'passes over the training data' },
  lr: { kind: 'number', min: 0, minOpen: true, default: 1e-3, help: 'learning rate' },
  clip: { kind: 'number', min: 0, max: 1e9, default: 5, help: 'global gradient-norm clip, 0 for none' },
  evalEvery: { kind: 'int', min: 0, default: 0, resumable: true, help: 'validate every N steps, 0 for once per epoch' },
  checkpointEvery: { kind: 'int', min: 0, default: 200, resumable: true, help: 'write checkpoints/last every N steps' },
  patience: { kind: 'int', min: 0, default: 0, resumable: true, help: 'stop after N validations without improvement, 0 for never' },
  timeBudgetMs: { kind: 'duration', flag: 'time-budget', resumable: true, help: 'stop after this much training time, e.g. 90s, 20m' },
  logEvery: { kind: 'int', default: 20, resumable: true, help: 'metrics.jsonl line every N steps' },
  spikeGuard: { kind: 'number', min: 0, default: 0, resumable: true, help: 'skip (undo) a step whose loss exceeds this many times the running median of the last 50, 0 for off' },
  out: { kind: 'string', default: 'runs/run', resumable: true, help: 'run directory' },
};

export const LOOP_DEFAULTS: LoopSettings = defaultsOf(LOOP_SETTINGS);

/** The learning-rate schedule of a run (see schedule.ts). */
export interface ScheduleSettings {
  schedule: ScheduleKind;
  /** decay: factor per epoch from decayStart on; plateau: factor on each validation without improvement. */
  lrDecay: number;
  decayStart: number;
  /** Linear warm-up steps. */
  warmup: number;
}

export const SCHEDULE_SETTINGS: SettingsTable = {
  schedule: { kind: 'choice', choices: ['constant', 'decay', 'plateau', 'cosine'], default: 'constant', help: 'constant, decay (x lr-decay per epoch from decay-start), plateau (x lr-decay on each validation without improvement), cosine' },
  lrDecay: { kind: 'number', min: 0, max: 1, minOpen: true, default: 0.5, help: 'decay factor in (0, 1]' },
  decayStart: { kind: 'int', default: 4, help: 'first epoch (1-based) whose end decays the rate' },
  warmup: { kind: 'int', min: 0, default: 0, help: 'linear warm-up steps' },
};

export const SCHEDULE_DEFAULTS: ScheduleSettings = defaultsOf(SCHEDULE_SETTINGS);

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

/** The pacing of a family's single training phase, from its loop and schedule settings. */
export function singlePhaseLoop(s: LoopSettings & ScheduleSettings): PhaseLoop {
  return {
    epochs: s.epochs, evalEvery: s.evalEvery, checkpointEvery: s.checkpointEvery, patience: s.patience,
    timeBudgetMs: s.timeBudgetMs, logEvery: s.logEvery, spikeGuard: s.spikeGuard, schedule: scheduleConfigOf(s),
  };
}
