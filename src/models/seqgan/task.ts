// SeqGAN's adversarial machinery (discriminator, rollouts, policy gradient) and its two phases after MLE: discriminator pre-training and adversarial training.
import { Rng } from '../../engine/random.js';
import type { Phase, PhaseLoop, StepResult, TrainingState, Validation } from '../../train/phases.js';
import type { LanguageModel } from '../lm/model.js';
import { Discriminator, type DiscriminatorConfig } from './discriminator.js';
import { DiscriminatorTrainer } from './discriminator-trainer.js';
import { RecurrentSampler, type SamplingRules } from './sampler.js';
import { generateSequences } from './generate.js';
import { RolloutNetwork } from './rollout.js';
import { PolicyGradientTrainer } from './policy-gradient.js';
import { selectRows, type Sequences } from './sequences.js';
import type { SeqGanSchedule } from './settings.js';

export interface SeqGanTaskSettings {
  seed: number;
  schedule: SeqGanSchedule;
  discriminator: DiscriminatorConfig;
  /** Generator samples per adversarial step (the paper: 64). */
  batchSize: number;
  /** Adam rate of the policy gradient (the paper: 0.01; the discriminator's is the schedule's) and the generator's gradient clip. */
  lr: number;
  dBatchSize: number;
  clip: number;
  rollouts: number;
  rolloutRate: number;
}

/** Lower-is-better score and metrics of the current generator (NLL-oracle, or BLEU on real text). */
export type GeneratorEvaluation = (sampler: RecurrentSampler) => Promise<Validation>;

/** The generator's adversarial partners and every stream of randomness they draw from (forked from the seed). */
export class SeqGanParts {
  readonly discriminator: Discriminator;
  readonly dTrainer: DiscriminatorTrainer;
  readonly sampler: RecurrentSampler;
  readonly rollout: RolloutNetwork;
  readonly pg: PolicyGradientTrainer;
  readonly rngs: Record<'samples' | 'rollouts' | 'real' | 'order' | 'dDropout' | 'gDropout', Rng>;

  constructor(readonly generator: LanguageModel, readonly real: Sequences, readonly rules: SamplingRules, readonly settings: SeqGanTaskSettings) {
    const root = new Rng(settings.seed).fork('seqgan');
    this.rngs = { samples: root.fork('samples'), rollouts: root.fork('rollouts'), real: root.fork('real'), order: root.fork('order'), dDropout: root.fork('d-dropout'), gDropout: root.fork('g-dropout') };
    this.discriminator = new Discriminator(settings.discriminator, generator.vocabSize, root.fork('d-init'));
    if (real.length < this.discriminator.minLength) throw new RangeError(`seqgan: sequences have ${real.length} positions, fewer than the discriminator's widest filter (${this.discriminator.minLength}): raise --max-len or use --discriminator small`);
    this.dTrainer = new DiscriminatorTrainer(this.discriminator, this.rngs.dDropout, settings.schedule.dLr);
    this.sampler = new RecurrentSampler(generator, rules);
    this.rollout = new RolloutNetwork(generator, rules, settings.rolloutRate);
    this.pg = new PolicyGradientTrainer(generator, rules, { lr: settings.lr, clip: settings.clip, rng: this.rngs.gDropout });
  }

  /** One discriminator round: fresh negatives from the generator against as many real sequences, dEpochs passes at rate lr. */
  async discriminatorRound(lr: number): Promise<{ loss: number; gradNorm: number; accuracy: number; sequences: number }> {
    const { negatives, dEpochs } = this.settings.schedule;
    const fake = await generateSequences(this.sampler, negatives, this.real.length, this.rngs.samples);
    const pick = this.rngs.real.permutation(this.real.count).subarray(0, Math.min(negatives, this.real.count));
    return this.dTrainer.train(selectRows(this.real, pick), fake, dEpochs, this.settings.dBatchSize, this.rngs.order, lr);
  }

  /** The adversarial state a checkpoint holds (the generator's own parameters are the MLE phase's). */
  state(): TrainingState {
    return {
      buffers: { pg: this.pg.step.state, rollout: this.rollout.model.params, discriminator: this.discriminator.params, d_optimizer: this.dTrainer.step.state },
      rngs: { ...this.rngs },
      counters: { pg: this.pg.step, d_optimizer: this.dTrainer.step },
    };
  }
}

/** Discriminator pre-training: each step is one round of fresh negatives; the generator does not change. */
export class DiscriminatorPretraining implements Phase {
  readonly name = 'd-pretrain';

  constructor(readonly parts: SeqGanParts, readonly loop: PhaseLoop) {}

  batchesPerEpoch(): number {
    return this.parts.settings.schedule.dPretrainRounds;
  }

  async trainBatch(): Promise<StepResult> {
    const started = performance.now();
    const d = await this.parts.discriminatorRound(this.parts.settings.schedule.dLr);
    return { loss: d.loss, tokens: d.sequences * this.parts.real.length, metrics: { d_loss: d.loss, d_accuracy: d.accuracy, d_grad_norm: d.gradNorm, d_ms: performance.now() - started } };
  }
}

/** Adversarial training: each step one policy-gradient update from rollout rewards, then dRoundsPerStep discriminator rounds. */
export class AdversarialTraining implements Phase {
  readonly name = 'adversarial';

  constructor(readonly parts: SeqGanParts, readonly loop: PhaseLoop, readonly evaluation: GeneratorEvaluation) {}

  batchesPerEpoch(): number {
    return this.parts.settings.schedule.adversarialSteps;
  }

  /** The rollout network starts as a copy of the generator MLE (and nothing since) has made. */
  begin(): void {
    this.parts.rollout.reset();
  }

  async trainBatch(): Promise<StepResult> {
    const { parts } = this;
    const { settings, rngs } = parts;
    const { dRoundsPerStep, dAdversarialLr } = settings.schedule;
    const t0 = performance.now();
    const samples = await generateSequences(parts.sampler, settings.batchSize, parts.real.length, rngs.samples);
    const t1 = performance.now();
    const rewards = await parts.rollout.rewards(samples, (s) => parts.dTrainer.probabilities(s), settings.rollouts, rngs.rollouts);
    const t2 = performance.now();
    const pg = await parts.pg.update(samples, rewards);
    parts.rollout.update();
    const t3 = performance.now();
    let dLoss = 0;
    let dAccuracy = 0;
    let dGradNorm = 0;
    for (let r = 0; r < dRoundsPerStep; r++) {
      const d = await parts.discriminatorRound(dAdversarialLr);
      dLoss += d.loss / dRoundsPerStep;
      dAccuracy += d.accuracy / dRoundsPerStep;
      dGradNorm += d.gradNorm / dRoundsPerStep;
    }
    const t4 = performance.now();
    let rewardSum = 0;
    for (const q of rewards) rewardSum += q;
    return {
      loss: pg.loss,
      tokens: samples.count * samples.length,
      metrics: {
        pg_loss: pg.loss, sample_nll: pg.meanNll, mean_reward: rewardSum / rewards.length, d_loss: dLoss, d_accuracy: dAccuracy, gradNorm: pg.gradNorm, d_grad_norm: dGradNorm,
        sample_ms: t1 - t0, rollout_ms: t2 - t1, g_ms: t3 - t2, d_ms: t4 - t3,
        rollouts_per_s: ((samples.length - 1) * settings.rollouts * samples.count) / ((t2 - t1) / 1000),
      },
    };
  }

  validate(): Promise<Validation> {
    return this.evaluation(this.parts.sampler);
  }
}
