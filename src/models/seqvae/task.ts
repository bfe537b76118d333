// The sequence VAE as a TrainingTask: bucketed batches, the compiled step with the KL weight fed per step, IW-NLL validation.
import { Rng } from '../../engine/random.js';
import type { BufferSet } from '../../engine/buffers.js';
import { compileTrainStep, type TrainStep } from '../../engine/train-step.js';
import { adam } from '../../optim/index.js';
import { SentenceEpochs } from '../../data/batches.js';
import type { TrainingTask } from '../../train/loop.js';
import { klWeight, validateKlSchedule, type KlSchedule } from '../../train/kl-schedule.js';
import { trainLoss } from './graphs.js';
import { SeqVaeEvaluator } from './evaluate.js';
import type { SeqVae } from './model.js';

export interface SeqVaeTrainingSettings {
  seed: number;
  batchSize: number;
  maxLen: number;
  /** Global-norm gradient clipping (0: off). */
  clip: number;
  klSchedule: KlSchedule;
  /** Importance samples per sentence when validating (the score is the IW-NLL per sentence). */
  validSamples: number;
}

interface SeqVaeTaskState {
  stepCount: number;
  noise: ReturnType<Rng['getState']>;
}

export class SeqVaeTask implements TrainingTask {
  readonly kind = 'seqvae';
  readonly step: TrainStep;
  readonly evaluator: SeqVaeEvaluator;
  /** Fills eps, the word-dropout mask and embedding dropout: its state is checkpointed. */
  private readonly noise: Rng;
  private readonly sentences: SentenceEpochs;

  constructor(readonly model: SeqVae, readonly train: readonly Int32Array[], readonly valid: readonly Int32Array[], readonly settings: SeqVaeTrainingSettings) {
    validateKlSchedule(settings.klSchedule);
    this.noise = new Rng(settings.seed).fork('noise');
    this.sentences = new SentenceEpochs(train, settings.seed, { batchSize: settings.batchSize, maxLen: settings.maxLen });
    this.step = compileTrainStep({
      params: model.params,
      loss: trainLoss(model),
      optimizer: adam(),
      clipNorm: settings.clip > 0 ? settings.clip : undefined,
      rng: this.noise,
      name: 'seqvae_train_step',
    });
    this.evaluator = new SeqVaeEvaluator(model);
  }

  batchesPerEpoch(): number {
    return this.sentences.batchesPerEpoch;
  }

  startEpoch(): void {}

  async trainBatch(epoch: number, index: number, lr: number): Promise<{ loss: number; tokens: number; metrics: Record<string, number> }> {
    const b = this.sentences.batch(epoch, index);
    const weight = klWeight(this.settings.klSchedule, this.step.stepCount + 1);
    const { loss, metrics } = await this.step.run({ x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } }, { lr, klWeight: weight });
    const { tokens, ...rest } = metrics;
    return { loss, tokens, metrics: { ...rest, klWeight: weight } };
  }

  async validate(): Promise<{ score: number; metrics: Record<string, number> }> {
    const s = this.settings;
    const r = await this.evaluator.evaluate(this.valid, { K: s.validSamples, batchSize: s.batchSize, seed: s.seed, maxLen: s.maxLen });
    return {
      score: r.iwNll,
      metrics: { iw_nll: r.iwNll, ppl: r.perplexity, elbo: r.elbo, rec: r.rec, kl: r.kl, mi: r.mutualInformation, active_units: r.activeUnits },
    };
  }

  buffers(): Record<string, BufferSet> {
    return { params: this.model.params, optimizer: this.step.state };
  }

  saveState(): SeqVaeTaskState {
    return { stepCount: this.step.stepCount, noise: this.noise.getState() };
  }

  loadState(state: unknown): void {
    const s = state as SeqVaeTaskState;
    this.step.stepCount = s.stepCount;
    this.noise.setState(s.noise);
  }
}
