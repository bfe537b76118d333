// SeqGAN's generator update: the sampled sequences' log-likelihood weighted by their rewards (REINFORCE, rewards held constant).
import type { Rng } from '../../engine/random.js';
import { compileTrainStep, type TrainStep } from '../../engine/train-step.js';
import { div, mul, reduceSum } from '../../engine/ops/index.js';
import { adam } from '../../optim/index.js';
import type { LanguageModel } from '../lm/model.js';
import type { SamplingRules } from './sampler.js';
import type { Sequences } from './sequences.js';

/** Teacher-forcing feeds for sequences (B, T): x = <start>, y_1 .. y_{T-1}; y = the sequence; mask 1 up to and including <eos>. */
export function teacherForcing(s: Sequences, rules: SamplingRules): { x: Int32Array; y: Int32Array; mask: Float32Array } {
  const { count: B, length: T } = s;
  const x = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    x[b * T] = rules.startToken;
    x.set(s.data.subarray(b * T, b * T + T - 1), b * T + 1);
    for (let t = 0; t < T; t++) {
      mask[b * T + t] = 1;
      if (rules.eosToken !== null && s.data[b * T + t] === rules.eosToken) break;
    }
  }
  return { x, y: s.data, mask };
}

export class PolicyGradientTrainer {
  readonly step: TrainStep;
  readonly lr: number;

  constructor(readonly model: LanguageModel, readonly rules: SamplingRules, options: { lr: number; clip: number; rng: Rng }) {
    this.lr = options.lr;
    this.step = compileTrainStep({
      params: model.params,
      // loss = sum_{b,t} mask * Q * (-log G(y_t | y_<t)) / sum mask: minimising it ascends sum Q log G
      loss: ({ data, params }) => {
        const { nll, order } = model.tokenNll(params, data.x, data.y, { training: true, mask: data.mask }); // (N)
        const m = model.rows(data.mask, order);
        const weighted = reduceSum(mul(mul(nll, model.rows(data.reward, order)), m));
        return { loss: div(weighted, reduceSum(m)), meanNll: div(reduceSum(mul(nll, m)), reduceSum(m)) };
      },
      optimizer: adam(),
      clipNorm: options.clip > 0 ? options.clip : undefined,
      rng: options.rng,
      name: 'seqgan_policy_gradient',
    });
  }

  /** One update on samples (B, T) with rewards (B, T); returns the loss, the samples' mean NLL before the update and the gradient's global norm (before clipping). */
  async update(samples: Sequences, rewards: Float32Array): Promise<{ loss: number; meanNll: number; gradNorm: number }> {
    const { x, y, mask } = teacherForcing(samples, this.rules);
    const shape = [samples.count, samples.length];
    const result = await this.step.run({ x: { data: x, shape }, y: { data: y, shape }, mask: { data: mask, shape }, reward: { data: rewards, shape } }, { lr: this.lr });
    return { loss: result.loss, meanNll: result.metrics.meanNll, gradNorm: result.metrics.gradNorm };
  }
}
