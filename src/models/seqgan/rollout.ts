// SeqGAN's rollout policy: a delayed copy of the generator, and the Monte-Carlo action values Q(Y_1:t-1, y_t) it yields with a discriminator.
import { Rng } from '../../engine/random.js';
import { LanguageModel } from '../lm/model.js';
import { RecurrentSampler, type SamplingRules } from './sampler.js';
import { rolloutCompletions, rolloutPrefixLength } from './generate.js';
import { selectRows, type Sequences } from './sequences.js';

export class RolloutNetwork {
  readonly model: LanguageModel;
  readonly sampler: RecurrentSampler;

  /** Starts as an exact copy of `generator`; `rate` is how much of itself each update keeps (the paper: 0.8). */
  constructor(readonly generator: LanguageModel, rules: SamplingRules, readonly rate = 0.8) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rollout: rate must be in [0, 1], got ${rate}`);
    this.model = new LanguageModel(generator.config, generator.vocabSize, new Rng(0).fork('rollout-shape'));
    this.reset();
    this.sampler = new RecurrentSampler(this.model, rules);
  }

  /** Become an exact copy of the generator again (when adversarial training starts from a newly pre-trained one). */
  reset(): void {
    for (const n of this.generator.params.names()) this.model.params.set(n, this.generator.params.shape(n), Float32Array.from(this.generator.params.get(n)));
  }

  /** beta <- rate * beta + (1 - rate) * theta for every parameter but the embedding, which is copied (the reference code). */
  update(): void {
    const embedding = this.generator.embedding.table;
    for (const n of this.generator.params.names()) {
      const theta = this.generator.params.get(n);
      const beta = Float32Array.from(this.model.params.get(n));
      if (n === embedding) beta.set(theta);
      else for (let i = 0; i < beta.length; i++) beta[i] = this.rate * beta[i] + (1 - this.rate) * theta[i];
      this.model.params.set(n, this.model.params.shape(n), beta);
    }
  }

  /**
   * Q (B, T) for samples (B, T): Q[b, t-1] = mean over N rollouts of D(completion of y_1 .. y_t) for t < T, and
   * Q[b, T-1] = D(Y_b) itself. `score` returns D's probabilities of being real, so every reward lies in [0, 1].
   * A prefix that already holds <eos> is its own completion (the rest is padding), so its Q is D(Y_b) without scoring.
   */
  async rewards(samples: Sequences, score: (s: Sequences) => Promise<Float32Array>, N: number, rng: Rng): Promise<Float32Array> {
    const { count: B, length: T } = samples;
    const ends = endsOf(samples, this.sampler.rules.eosToken); // (B): the prefix length from which y_1 .. y_t is complete
    const completions = await rolloutCompletions(this.sampler, samples, N, rng);
    const open: number[] = []; // completion rows whose prefix is still open, in table order
    for (let r = 0; r < completions.count; r++) if (rolloutPrefixLength(r, N, B) < ends[r % B]) open.push(r);
    const scored = await score(open.length === completions.count ? completions : selectRows(completions, open));
    const completed = new Float32Array(completions.count); // ((T-1) * N * B), 0 where unscored
    open.forEach((r, i) => { completed[r] = scored[i]; });
    const whole = await score(samples); // (B)
    const q = new Float32Array(B * T);
    for (let t = 1; t <= T - 1; t++) {
      for (let b = 0; b < B; b++) {
        if (t >= ends[b]) {
          q[b * T + t - 1] = whole[b];
          continue;
        }
        let sum = 0;
        for (let n = 0; n < N; n++) sum += completed[((t - 1) * N + n) * B + b];
        q[b * T + t - 1] = sum / N;
      }
    }
    for (let b = 0; b < B; b++) q[b * T + T - 1] = whole[b];
    return q;
  }
}

/** For each sequence, 1 + the position of its first <eos> (the shortest complete prefix), or T + 1 when it has none. */
function endsOf(s: Sequences, eos: number | null): Int32Array {
  const ends = new Int32Array(s.count).fill(s.length + 1);
  if (eos === null) return ends;
  for (let b = 0; b < s.count; b++) {
    const at = s.data.subarray(b * s.length, (b + 1) * s.length).indexOf(eos);
    if (at >= 0) ends[b] = at + 1;
  }
  return ends;
}
