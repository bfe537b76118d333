// SeqGAN's discriminator pre-training and adversarial training as one TrainingTask: each "batch" is a discriminator round or an adversarial step.
import { Rng } from '../../engine/random.js';
import type { BufferSet } from '../../engine/buffers.js';
import type { TrainingTask } from '../../train/loop.js';
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
export type GeneratorEvaluation = (sampler: RecurrentSampler) => Promise<{ score: number; metrics: Record<string, number> }>;

interface SeqGanTaskState {
  rngs: Record<string, ReturnType<Rng['getState']>>;
  pgSteps: number;
  dSteps: number;
}

export class SeqGanTask implements TrainingTask {
  readonly kind = 'seqgan';
  readonly discriminator: Discriminator;
  readonly dTrainer: DiscriminatorTrainer;
  readonly sampler: RecurrentSampler;
  readonly rollout: RolloutNetwork;
  readonly pg: PolicyGradientTrainer;
  /** Every stream of randomness, forked from the seed and checkpointed. */
  private readonly rngs: Record<'samples' | 'rollouts' | 'real' | 'order' | 'dDropout' | 'gDropout', Rng>;
  private lastEvaluation: { pgSteps: number; result: { score: number; metrics: Record<string, number> } } | null = null;

  constructor(readonly generator: LanguageModel, readonly real: Sequences, readonly rules: SamplingRules, readonly settings: SeqGanTaskSettings, readonly evaluation: GeneratorEvaluation) {
    const root = new Rng(settings.seed).fork('seqgan');
    this.rngs = { samples: root.fork('samples'), rollouts: root.fork('rollouts'), real: root.fork('real'), order: root.fork('order'), dDropout: root.fork('d-dropout'), gDropout: root.fork('g-dropout') };
    this.discriminator = new Discriminator(settings.discriminator, generator.vocabSize, root.fork('d-init'));
    if (real.length < this.discriminator.minLength) throw new RangeError(`seqgan: sequences have ${real.length} positions, fewer than the discriminator's widest filter (${this.discriminator.minLength}): raise --max-len or use --discriminator small`);
    this.dTrainer = new DiscriminatorTrainer(this.discriminator, this.rngs.dDropout, settings.schedule.dLr);
    this.sampler = new RecurrentSampler(generator, rules);
    this.rollout = new RolloutNetwork(generator, rules, settings.rolloutRate);
    this.pg = new PolicyGradientTrainer(generator, rules, { lr: settings.lr, clip: settings.clip, rng: this.rngs.gDropout });
  }

  batchesPerEpoch(): number {
    return this.settings.schedule.dPretrainRounds + this.settings.schedule.adversarialSteps;
  }

  startEpoch(): void {}

  /** One discriminator round: fresh negatives from the generator against as many real sequences, dEpochs passes at rate lr. */
  private async discriminatorRound(lr: number): Promise<{ loss: number; accuracy: number; sequences: number }> {
    const { negatives, dEpochs } = this.settings.schedule;
    const fake = await generateSequences(this.sampler, negatives, this.real.length, this.rngs.samples);
    const pick = this.rngs.real.permutation(this.real.count).subarray(0, Math.min(negatives, this.real.count));
    return this.dTrainer.train(selectRows(this.real, pick), fake, dEpochs, this.settings.dBatchSize, this.rngs.order, lr);
  }

  async trainBatch(_epoch: number, index: number): Promise<{ loss: number; tokens: number; metrics: Record<string, number> }> {
    const { dPretrainRounds, dRoundsPerStep, dLr, dAdversarialLr } = this.settings.schedule;
    if (index < dPretrainRounds) {
      const started = performance.now();
      const d = await this.discriminatorRound(dLr);
      return { loss: d.loss, tokens: d.sequences * this.real.length, metrics: { phase: 0, d_loss: d.loss, d_accuracy: d.accuracy, d_ms: performance.now() - started } };
    }
    const t0 = performance.now();
    const samples = await generateSequences(this.sampler, this.settings.batchSize, this.real.length, this.rngs.samples);
    const t1 = performance.now();
    const rewards = await this.rollout.rewards(samples, (s) => this.dTrainer.probabilities(s), this.settings.rollouts, this.rngs.rollouts);
    const t2 = performance.now();
    const pg = await this.pg.update(samples, rewards);
    this.rollout.update();
    const t3 = performance.now();
    let dLoss = 0;
    let dAccuracy = 0;
    for (let r = 0; r < dRoundsPerStep; r++) {
      const d = await this.discriminatorRound(dAdversarialLr);
      dLoss += d.loss / dRoundsPerStep;
      dAccuracy += d.accuracy / dRoundsPerStep;
    }
    const t4 = performance.now();
    let rewardSum = 0;
    for (const q of rewards) rewardSum += q;
    return {
      loss: pg.loss,
      tokens: samples.count * samples.length,
      metrics: {
        phase: 1, pg_loss: pg.loss, sample_nll: pg.meanNll, mean_reward: rewardSum / rewards.length, d_loss: dLoss, d_accuracy: dAccuracy,
        sample_ms: t1 - t0, rollout_ms: t2 - t1, g_ms: t3 - t2, d_ms: t4 - t3,
        rollouts_per_s: ((samples.length - 1) * this.settings.rollouts * samples.count) / ((t2 - t1) / 1000),
      },
    };
  }

  async validate(): Promise<{ score: number; metrics: Record<string, number> }> {
    // the evaluation draws the same samples each time, so a generator no update has touched (pre-training) scores as before
    const pgSteps = this.pg.step.stepCount;
    if (this.lastEvaluation?.pgSteps !== pgSteps) this.lastEvaluation = { pgSteps, result: await this.evaluation(this.sampler) };
    return this.lastEvaluation.result;
  }

  buffers(): Record<string, BufferSet> {
    return { generator: this.generator.params, pg: this.pg.step.state, rollout: this.rollout.model.params, discriminator: this.discriminator.params, d_optimizer: this.dTrainer.step.state };
  }

  saveState(): SeqGanTaskState {
    return { rngs: Object.fromEntries(Object.entries(this.rngs).map(([k, r]) => [k, r.getState()])), pgSteps: this.pg.step.stepCount, dSteps: this.dTrainer.step.stepCount };
  }

  loadState(state: unknown): void {
    const s = state as SeqGanTaskState;
    for (const [k, r] of Object.entries(this.rngs)) r.setState(s.rngs[k]);
    this.pg.step.stepCount = s.pgSteps;
    this.dTrainer.step.stepCount = s.dSteps;
  }
}
