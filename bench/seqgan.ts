// Benchmark: the parts of one SeqGAN adversarial step at the paper's sizes (generator LSTM 32, V 5,004, T 20, B 64, 16 rollouts, the paper's discriminator), and the rewards of a COCO-like text batch, printed as JSON lines.
import { Rng } from '../src/engine/random.js';
import { LanguageModel } from '../src/models/lm/model.js';
import { Discriminator, PAPER_DISCRIMINATOR } from '../src/models/seqgan/discriminator.js';
import { DiscriminatorTrainer } from '../src/models/seqgan/discriminator-trainer.js';
import { RecurrentSampler } from '../src/models/seqgan/sampler.js';
import { generateSequences } from '../src/models/seqgan/generate.js';
import { RolloutNetwork } from '../src/models/seqgan/rollout.js';
import { PolicyGradientTrainer } from '../src/models/seqgan/policy-gradient.js';

const V = 5004; // the oracle's 5,000 tokens and textforge's 4 specials
const T = 20;
const B = 64;
const N = 16;
const REPEATS = 3;

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up: compiles the programs
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return +times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)].toFixed(1);
}

const generator = new LanguageModel({ cell: 'lstm', layers: 1, embedSize: 32, hiddenSize: 32, heads: 1, dropout: 0, tied: false, maxLength: 32, initScale: 0 }, V, new Rng(1));
const rules = { startToken: 2, bannedTokens: [0, 1, 2, 3], eosToken: null, padToken: 0 };
const sampler = new RecurrentSampler(generator, rules);
const rollout = new RolloutNetwork(generator, rules);
const d = new Discriminator(PAPER_DISCRIMINATOR, V, new Rng(2));
const dTrainer = new DiscriminatorTrainer(d, new Rng(3));
const pg = new PolicyGradientTrainer(generator, rules, { lr: 0.01, clip: 5, rng: new Rng(4) });
const rng = new Rng(5);
const batch = await generateSequences(sampler, B, T, rng);
const real = await generateSequences(sampler, 1000, T, rng);
const fake = await generateSequences(sampler, 1000, T, rng);
const rows = (T - 1) * N * B;

console.log(JSON.stringify({ protocol: `npm run bench -- seqgan; generator LSTM 32/32, V ${V}, T ${T}, batch ${B}, ${N} rollouts, the paper's discriminator (1,720 filters); median of ${REPEATS} after one warm-up` }));
const generateMs = await median(() => generateSequences(sampler, 10_000, T, rng));
console.log(JSON.stringify({ case: 'generate 10,000 sequences', median_ms: generateMs, sequences_per_s: Math.round(10_000 / (generateMs / 1000)) }));
const rolloutMs = await median(() => rollout.rewards(batch, async (s) => new Float32Array(s.count), N, rng));
console.log(JSON.stringify({ case: `rollouts of one batch (${rows} completions, no scoring)`, median_ms: rolloutMs, rollouts_per_s: Math.round(rows / (rolloutMs / 1000)) }));
const scoreMs = await median(() => dTrainer.probabilities({ data: new Int32Array(rows * T).fill(5), count: rows, length: T }));
console.log(JSON.stringify({ case: `discriminator scores ${rows} sequences`, median_ms: scoreMs, sequences_per_s: Math.round(rows / (scoreMs / 1000)) }));
const rewardsMs = await median(() => rollout.rewards(batch, (s) => dTrainer.probabilities(s), N, rng));
console.log(JSON.stringify({ case: 'rewards of one batch (rollouts + scoring)', median_ms: rewardsMs }));
const pgMs = await median(() => pg.update(batch, new Float32Array(B * T).fill(0.5)));
console.log(JSON.stringify({ case: 'policy-gradient update', median_ms: pgMs }));
for (const dBatch of [64, 256]) {
  const trainMs = await median(() => dTrainer.train(real, fake, 1, dBatch, rng));
  console.log(JSON.stringify({ case: `discriminator epoch over 2,000 sequences, batch ${dBatch}`, median_ms: trainMs, sequences_per_s: Math.round(2000 / (trainMs / 1000)) }));
}

// Real text (COCO-like): V 4,600, T 38 (37 words + <eos>), sentences ending after ~11 tokens on average. A prefix
// that holds <eos> needs neither rollouts nor scoring, and completions stop at their <eos>.
const TEXT_V = 4600;
const TEXT_T = 38;
const EOS = 3;
const textGenerator = new LanguageModel({ cell: 'lstm', layers: 1, embedSize: 32, hiddenSize: 32, heads: 1, dropout: 0, tied: false, maxLength: 40, initScale: 0 }, TEXT_V, new Rng(6));
const bias = Float32Array.from(textGenerator.params.get('out.bias'));
bias[EOS] = Math.log((TEXT_V - 1) / 10); // p(<eos>) ~ 1/11 per step
textGenerator.params.set('out.bias', [TEXT_V], bias);
const textRollout = new RolloutNetwork(textGenerator, { startToken: 2, bannedTokens: [0, 1, 2], eosToken: EOS, padToken: 0 });
const textD = new DiscriminatorTrainer(new Discriminator(PAPER_DISCRIMINATOR, TEXT_V, new Rng(7)), new Rng(8));
const textBatch = await generateSequences(textRollout.sampler, B, TEXT_T, rng);
let scored = 0;
const textRewardsMs = await median(() => {
  scored = 0;
  return textRollout.rewards(textBatch, (s) => { scored += s.count; return textD.probabilities(s); }, N, rng);
});
console.log(JSON.stringify({ case: `text rewards of one batch (V ${TEXT_V}, T ${TEXT_T}, <eos> ~1/11 per step)`, median_ms: textRewardsMs, table_rows: (TEXT_T - 1) * N * B, scored_rows: scored }));
