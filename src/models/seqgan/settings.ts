// Every setting of a SeqGAN run (generator, MLE pre-training, discriminator, adversarial schedule, evaluation), with the 2-core default and the paper's schedule.
import { DATA_DEFAULTS, LOOP_DEFAULTS, withOverrides, type DataSettings, type LoopSettings } from '../../train/settings.js';
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

export interface SeqGanSettings extends DataSettings, LoopSettings, Partial<SeqGanSchedule> {
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

export const SEQGAN_DEFAULTS: SeqGanSettings = {
  ...DATA_DEFAULTS,
  ...LOOP_DEFAULTS,
  preset: 'default',
  cell: 'lstm',
  embedSize: 32,
  hiddenSize: 32,
  batchSize: 64,
  lr: 0.01,
  clip: 5,
  mleLr: 0.01,
  mleEvalEvery: 10,
  discriminator: 'paper',
  dBatchSize: 64,
  rollouts: 16,
  rolloutRate: 0.8,
  oracleSamples: 10000,
  finalOracleSamples: 100000,
  textSamples: 1000,
  finalTextSamples: 10000,
  evalEvery: 10,
  checkpointEvery: 10,
  logEvery: 1,
  maxLen: 20,
  vocabSize: 10000,
  out: 'runs/seqgan',
};

/** The schedule: the preset with explicit overrides. */
export function scheduleOf(s: SeqGanSettings): SeqGanSchedule {
  return withOverrides(SEQGAN_SCHEDULES[s.preset], s);
}

/** A small discriminator (widths 2-5, 32 filters each) for tests and quick looks. */
export const SMALL_DISCRIMINATOR: DiscriminatorConfig = { embedSize: 32, widths: [2, 3, 4, 5], filters: [32, 32, 32, 32], dropout: 0.25, l2: 0.2 };

export function discriminatorConfigOf(s: SeqGanSettings): DiscriminatorConfig {
  return s.discriminator === 'paper' ? PAPER_DISCRIMINATOR : SMALL_DISCRIMINATOR;
}
