// The sequence VAE's training phase: bucketed batches, the compiled step with the KL weight fed per step, IW-NLL validation.
import { Rng } from '../../engine/random.js';
import { compileTrainStep, type TrainStep } from '../../engine/train-step.js';
import { adam } from '../../optim/index.js';
import { SentenceEpochs } from '../../data/batches.js';
import type { Phase, PhaseLoop, StepResult, TrainingState, Validation } from '../../train/phases.js';
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

export class SeqVaeTask implements Phase {
  readonly name = 'train';
  readonly step: TrainStep;
  readonly evaluator: SeqVaeEvaluator;
  /** Fills eps, the word-dropout mask and embedding dropout: its state is checkpointed. */
  private readonly noise: Rng;
  private readonly sentences: SentenceEpochs;

  constructor(readonly loop: PhaseLoop, readonly model: SeqVae, readonly train: readonly Int32Array[], readonly valid: readonly Int32Array[], readonly settings: SeqVaeTrainingSettings) {
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

  async trainBatch(epoch: number, index: number, lr: number): Promise<StepResult> {
    const b = this.sentences.batch(epoch, index);
    const weight = klWeight(this.settings.klSchedule, this.step.stepCount + 1);
    const { loss, metrics } = await this.step.run({ x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } }, { lr, klWeight: weight });
    const { tokens, ...rest } = metrics;
    return { loss, tokens, metrics: { ...rest, klWeight: weight } };
  }

  async validate(): Promise<Validation> {
    const s = this.settings;
    const r = await this.evaluator.evaluate(this.valid, { K: s.validSamples, batchSize: s.batchSize, seed: s.seed, maxLen: s.maxLen });
    return {
      score: r.iwNll,
      metrics: { iw_nll: r.iwNll, ppl: r.perplexity, elbo: r.elbo, rec: r.rec, kl: r.kl, mi: r.mutualInformation, active_units: r.activeUnits },
    };
  }

  state(): TrainingState {
    return { buffers: { params: this.model.params, optimizer: this.step.state }, rngs: { noise: this.noise }, counters: { optimizer: this.step } };
  }
}
