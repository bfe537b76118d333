// Every setting of a SeqGAN run (generator, MLE pre-training, discriminator, adversarial schedule, evaluation) as one table, with the 2-core default and the paper's schedule.
import { DATA_SETTINGS, LOOP_SETTINGS, withOverrides, type DataSettings, type LoopSettings } from '../../train/settings.js';
import { defaultsOf, withDefaults, type SettingsTable } from '../../train/settings-table.js';
import { PAPER_DISCRIMINATOR, type DiscriminatorConfig } from './discriminator.js';

/** How much discriminator and adversarial work a run does. */
export interface SeqGanSchedule {
  /** MLE pre-training of the generator: epochs over the training data (the paper: 120). */
  mleEpochs: number;
  /** Discriminator pre-training: rounds of fresh generator negatives, each trained on for dEpochs (the paper: 50 x 3). */
  dPretrainRounds: number;
  /** Adversarial steps: each one generator update, then dRoundsPerStep rounds of fresh negatives (the paper: 200, 5 x 3). */
  adversarialSteps: number;
  dRoundsPerStep: number;
  /** Passes over (real + negatives) per discriminator round. */
  dEpochs: number;
  /** Generated negatives per round, matched by as many real sequences (the paper: all 10,000). */
  negatives: number;
  /**
   * The discriminator's Adam rate. The paper's 1e-4 suits its ~47,000 pre-training updates; the default schedule makes
   * ~600, and at 1e-4 its discriminator stays at chance (training accuracy 0.53 after 20 rounds on the oracle
   * benchmark), so the default schedule uses 1e-3.
   */
  dLr: number;
  /** The discriminator's Adam rate in the adversarial phase's rounds (the paper: 1e-4 throughout). */
  dAdversarialLr: number;
}

export type SeqGanPreset = 'default' | 'paper';

/**
 * 'paper': Yu et al.'s schedule (hours on 2 cores: its discriminator sees 20,000 sequences 3,150 times).
 * 'default': the same pipeline cut to fit a 2-core machine (about 25 minutes per synthetic run): fewer, smaller
 * discriminator rounds, and 40 adversarial steps. On the oracle benchmark (seeds 1-5, development runs of 100 steps)
 * NLL-oracle fell for the first 30-40 steps and then, as the discriminator's accuracy reached 0.99 and the rewards
 * 0.01-0.03, mostly rose again: mean over the five seeds (10,000 samples) 8.745 after 30 steps, 8.755 after 40, 8.776 after 50, 8.79
 * after 100.
 */
export const SEQGAN_SCHEDULES: Record<SeqGanPreset, SeqGanSchedule> = {
  paper: { mleEpochs: 120, dPretrainRounds: 50, adversarialSteps: 200, dRoundsPerStep: 5, dEpochs: 3, negatives: 10000, dLr: 1e-4, dAdversarialLr: 1e-4 },
  default: { mleEpochs: 120, dPretrainRounds: 40, adversarialSteps: 40, dRoundsPerStep: 1, dEpochs: 1, negatives: 1000, dLr: 1e-3, dAdversarialLr: 1e-4 },
};

/** No --epochs or --patience: the schedule counts each phase's length, and no phase stops early. */
export interface SeqGanSettings extends DataSettings, Omit<LoopSettings, 'epochs' | 'patience'>, Partial<SeqGanSchedule> {
  preset: SeqGanPreset;
  /** Generator: a 1-layer recurrent language model (the paper: LSTM, embedding 32, hidden 32). */
  cell: 'lstm' | 'gru';
  embedSize: number;
  hiddenSize: number;
  /** MLE pre-training: Adam rate and batch (the paper: 0.01, 64); NLL-oracle / validation every this many epochs. */
  mleLr: number;
  mleEvalEvery: number;
  /** Stop MLE pre-training after this much time (textforge compare splits its budget between the phases). */
  mleTimeBudgetMs?: number;
  /** Discriminator: 'paper' (1,720 filters) or 'small' (for tests and quick looks). */
  discriminator: 'paper' | 'small';
  /** Discriminator batch (the paper: 64). */
  dBatchSize: number;
  /** Monte-Carlo rollouts per prefix and the rollout network's update rate. */
  rollouts: number;
  rolloutRate: number;
  /** The synthetic benchmark: the oracle's safetensors file. Sequences are then fixed-length (no <eos>). */
  oracle?: string;
  /** Samples scored by the oracle at each evaluation during training, and at the end (the paper: 100,000). */
  oracleSamples: number;
  finalOracleSamples: number;
  /** Real text: generated sentences scored with BLEU / Self-BLEU at each evaluation, and at the end (Texygen: 10,000). */
  textSamples: number;
  finalTextSamples: number;
}

const { epochs: _epochs, patience: _patience, ...SEQGAN_LOOP } = LOOP_SETTINGS;

export const SEQGAN_SETTINGS: SettingsTable = {
  ...withDefaults(DATA_SETTINGS, { maxLen: 20 }),
  preset: { kind: 'choice', choices: ['default', 'paper'], default: 'default', help: "schedule: 'default' (about 25 min per synthetic run on 2 cores) or 'paper' (Yu et al.'s, hours)" },
  oracle: { kind: 'string', help: 'synthetic benchmark: the oracle LSTM (safetensors, from `textforge oracle`); logs NLL-oracle' },
  cell: { kind: 'choice', choices: ['lstm', 'gru'], default: 'lstm', help: 'generator cell' },
  embedSize: { kind: 'int', default: 32, help: 'generator embedding width' },
  hiddenSize: { kind: 'int', default: 32, help: 'generator hidden width' },
  mleEpochs: { kind: 'int', help: 'MLE pre-training epochs (preset: 120)' },
  mleLr: { kind: 'number', min: 0, max: 10, minOpen: true, default: 0.01, help: 'MLE Adam learning rate' },
  mleEvalEvery: { kind: 'int', default: 10, help: 'MLE validation (and NLL-oracle) every N epochs' },
  mleTimeBudgetMs: { kind: 'duration', flag: 'mle-time-budget', resumable: true, help: 'end MLE pre-training after this much time, e.g. 10m' },
  discriminator: { kind: 'choice', choices: ['paper', 'small'], default: 'paper', help: "discriminator: 'paper' (widths 1-10, 15, 20; 1,720 filters) or 'small'" },
  dLr: { kind: 'number', min: 0, max: 10, minOpen: true, help: 'discriminator Adam learning rate in pre-training (default preset 1e-3: it makes far fewer updates; paper 1e-4)' },
  dAdversarialLr: { kind: 'number', min: 0, max: 10, minOpen: true, help: 'discriminator Adam learning rate in the adversarial phase (default preset and paper 1e-4)' },
  dBatchSize: { kind: 'int', default: 64, help: 'discriminator batch' },
  dPretrainRounds: { kind: 'int', min: 0, help: 'discriminator pre-training rounds of fresh negatives (default preset 40, paper 50)' },
  adversarialSteps: { kind: 'int', min: 0, help: 'adversarial steps (default preset 40, paper 200)' },
  dRoundsPerStep: { kind: 'int', min: 0, help: 'discriminator rounds after each generator update (default 1, paper 5)' },
  dEpochs: { kind: 'int', help: "passes over each round's data (default 1, paper 3)" },
  negatives: { kind: 'int', help: 'generated negatives per round, with as many real sequences (default 1000, paper 10000)' },
  rollouts: { kind: 'int', default: 16, help: 'Monte-Carlo rollouts per prefix' },
  rolloutRate: { kind: 'number', min: 0, max: 1, default: 0.8, help: 'rollout network update rate: beta <- r beta + (1 - r) theta' },
  oracleSamples: { kind: 'int', default: 10000, help: 'samples scored by the oracle at each evaluation' },
  finalOracleSamples: { kind: 'int', default: 100000, resumable: true, help: 'samples scored by the oracle at the end (the paper: 100000)' },
  textSamples: { kind: 'int', default: 1000, help: 'real text: samples scored with BLEU / Self-BLEU at each evaluation' },
  finalTextSamples: { kind: 'int', default: 10000, resumable: true, help: 'real text: samples scored with BLEU / Self-BLEU at the end (Texygen: 10000)' },
  ...withDefaults(SEQGAN_LOOP, { batchSize: 64, lr: 0.01, evalEvery: 10, checkpointEvery: 10, logEvery: 1, out: 'runs/seqgan' }),
};

export const SEQGAN_DEFAULTS: SeqGanSettings = defaultsOf(SEQGAN_SETTINGS);

/** The schedule: the preset with explicit overrides. */
export function scheduleOf(s: SeqGanSettings): SeqGanSchedule {
  return withOverrides(SEQGAN_SCHEDULES[s.preset], s);
}

/** A small discriminator (widths 2-5, 32 filters each) for tests and quick looks. */
export const SMALL_DISCRIMINATOR: DiscriminatorConfig = { embedSize: 32, widths: [2, 3, 4, 5], filters: [32, 32, 32, 32], dropout: 0.25, l2: 0.2 };

export function discriminatorConfigOf(s: SeqGanSettings): DiscriminatorConfig {
  return s.discriminator === 'paper' ? PAPER_DISCRIMINATOR : SMALL_DISCRIMINATOR;
}
