// Sampling: frequencies match the (tempered, filtered) distribution, top-k 1 is greedy, banned tokens never appear, and seeds replay exactly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { decode } from '../../src/decode/decode.js';
import type { SampleStrategy } from '../../src/decode/strategy.js';
import { A, B, BigramModel, BOS, C, EOS, HistoryModel, PAD, V, hashedDistribution } from './fake-models.js';

// The first token after <bos> is drawn from FIRST; columns: <pad>, <bos>, <eos>, a, b, c.
const FIRST = [0.1, 0.05, 0.15, 0.3, 0.25, 0.15];
const TABLE = [FIRST, FIRST, FIRST, FIRST, FIRST, FIRST];
const DRAWS = 20_000;
/** Chi-square critical value well beyond the 99.99th percentile for <= 5 degrees of freedom; seeded, so never flaky. */
const CHI_SQUARE_LIMIT = 30;

/** How often each token is the first one sampled (an immediately ended sequence counts as <eos>), over DRAWS rows in one batch. */
async function firstTokenCounts(strategy: SampleStrategy, seed: number, bannedTokens?: number[]): Promise<number[]> {
  const results = await decode(new BigramModel(TABLE), { strategy, count: DRAWS, bosToken: BOS, eosToken: EOS, maxLength: 1, rng: new Rng(seed), bannedTokens });
  const counts = new Array<number>(V).fill(0);
  for (const { tokens } of results) counts[tokens.length === 0 ? EOS : tokens[0]]++;
  return counts;
}

function chiSquare(counts: readonly number[], expected: readonly number[]): number {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.reduce((sum, c, i) => {
    if (expected[i] === 0) {
      assert.equal(c, 0, `token ${i} has probability 0 but was drawn ${c} times`);
      return sum;
    }
    return sum + (c - total * expected[i]) ** 2 / (total * expected[i]);
  }, 0);
}

function normalise(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

describe('sampling', () => {
  it('draws tokens with the model probabilities', async () => {
    const statistic = chiSquare(await firstTokenCounts({ kind: 'sample' }, 1), FIRST);
    assert.ok(statistic < CHI_SQUARE_LIMIT, `chi-square ${statistic}`);
  });

  it('uses p^(1/T): sharper below temperature 1, flatter above', async () => {
    for (const temperature of [0.5, 2]) {
      const counts = await firstTokenCounts({ kind: 'sample', temperature }, 2);
      const statistic = chiSquare(counts, normalise(FIRST.map((p) => p ** (1 / temperature))));
      assert.ok(statistic < CHI_SQUARE_LIMIT, `T = ${temperature}: chi-square ${statistic}`);
    }
    const aShare = async (temperature: number) => (await firstTokenCounts({ kind: 'sample', temperature }, 3))[A] / DRAWS;
    assert.ok((await aShare(0.5)) > 0.4 && (await aShare(2)) < 0.26);
  });

  it('restricts draws to the top-k tokens and the top-p nucleus', async () => {
    const topK = await firstTokenCounts({ kind: 'sample', topK: 2 }, 4);
    assert.ok(chiSquare(topK, normalise([0, 0, 0, 0.3, 0.25, 0])) < CHI_SQUARE_LIMIT);
    // Most probable first: a .3, b .25, then <eos> .15 (tied with c, lower id) reaches .7 >= .6.
    const topP = await firstTokenCounts({ kind: 'sample', topP: 0.6 }, 5);
    assert.ok(chiSquare(topP, normalise([0, 0, 0.15, 0.3, 0.25, 0])) < CHI_SQUARE_LIMIT);
  });

  it('never draws banned tokens, renormalising over the rest', async () => {
    const counts = await firstTokenCounts({ kind: 'sample', temperature: 1.5 }, 6, [PAD, BOS]);
    const expected = normalise([0, 0, ...FIRST.slice(2)].map((p) => p ** (1 / 1.5)));
    assert.ok(chiSquare(counts, expected) < CHI_SQUARE_LIMIT);
  });

  it('with top-k 1 equals greedy decoding', async () => {
    const common = { prompts: [[], [A], [B, C], [C, C, C]], bosToken: BOS, eosToken: EOS, maxLength: 8 };
    const greedy = await decode(new HistoryModel(V, hashedDistribution), { ...common, strategy: { kind: 'greedy' } });
    for (const seed of [1, 2, 3]) {
      const sampled = await decode(new HistoryModel(V, hashedDistribution), { ...common, strategy: { kind: 'sample', topK: 1, temperature: 3 }, rng: new Rng(seed) });
      assert.deepEqual(sampled, greedy);
    }
  });

  it('replays exactly for a seed and differs across seeds', async () => {
    const run = (seed: number) => decode(new HistoryModel(V, hashedDistribution), {
      strategy: { kind: 'sample', temperature: 1.2, topP: 0.95 }, count: 16, bosToken: BOS, eosToken: EOS, maxLength: 12, rng: new Rng(seed), bannedTokens: [PAD, BOS],
    });
    const first = await run(7);
    assert.deepEqual(await run(7), first);
    assert.notDeepEqual((await run(8)).map((s) => s.tokens), first.map((s) => s.tokens));
    const model = new HistoryModel(V, hashedDistribution);
    for (const s of first) {
      assert.ok(!s.tokens.includes(PAD) && !s.tokens.includes(BOS) && s.tokens.length <= 12);
      const scored = s.tokens.length < 12 ? [...s.tokens, EOS] : s.tokens;
      assert.equal(s.logProb, model.score([BOS], scored), 'logProb is the unmodified model log-probability');
    }
  });

  it('draws one uniform per row per step, so a row does not depend on other rows prompts or finishing times', async () => {
    const run = (prompts: number[][]) => decode(new HistoryModel(V, hashedDistribution), {
      strategy: { kind: 'sample' }, prompts, bosToken: BOS, eosToken: EOS, maxLength: 10, rng: new Rng(11),
    });
    const [alone] = await run([[], []]);
    const [withLongPrompt] = await run([[], [A, B, C, A, B]]);
    assert.deepEqual(withLongPrompt, alone);
    const rng = new Rng(11);
    const uniforms = Array.from({ length: 2 }, () => rng.uniform());
    const firstRow = hashedDistribution([BOS]);
    let cumulative = 0;
    const expectedFirst = firstRow.findIndex((p) => (cumulative += p) > uniforms[0]);
    assert.equal(alone.tokens.length === 0 ? EOS : alone.tokens[0], expectedFirst);
  });
});
