// Beam search: beam 1 is greedy, beam 2 beats greedy on a crafted bigram, exhaustive beams match brute force, and states follow their beams.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, decode } from '../../src/decode/decode.js';
import { lengthNormalizedScore } from '../../src/decode/length-penalty.js';
import { A, B, BigramModel, BOS, C, EOS, HistoryModel, PAD, V, hashedDistribution } from './fake-models.js';

// Greedy takes a (0.6) then must end (0.5): 0.3 in all. The b branch continues with certainty: 0.4.
const TRAP = [
  [0.2, 0.1, 0.1, 0.2, 0.2, 0.2], // <pad>
  [0, 0, 0, 0.6, 0.4, 0], // <bos>
  [0.2, 0.1, 0.1, 0.2, 0.2, 0.2], // <eos>
  [0, 0, 0.5, 0.25, 0, 0.25], // a
  [0, 0, 0, 0, 0, 1], // b: always c
  [0, 0, 1, 0, 0, 0], // c: always <eos>
];

/** Every token sequence decodable in at most maxLength steps: words then <eos>, or maxLength words. */
function allSequences(words: readonly number[], maxLength: number): { generated: number[]; scored: number[] }[] {
  const out: { generated: number[]; scored: number[] }[] = [];
  let prefixes: number[][] = [[]];
  for (let length = 0; length <= maxLength; length++) {
    for (const prefix of prefixes) out.push(length === maxLength ? { generated: prefix, scored: prefix } : { generated: prefix, scored: [...prefix, EOS] });
    prefixes = prefixes.flatMap((prefix) => words.map((w) => [...prefix, w]));
  }
  return out;
}

describe('beam search', () => {
  it('with one beam equals greedy decoding', async () => {
    const prompts = [[], [A], [C, A, B], [B]];
    const common = { prompts, bosToken: BOS, eosToken: EOS, maxLength: 6, bannedTokens: [PAD, BOS] };
    const greedy = await decode(new HistoryModel(V, hashedDistribution), { ...common, strategy: { kind: 'greedy' } });
    const beam = await decode(new HistoryModel(V, hashedDistribution), { ...common, strategy: { kind: 'beam', beamSize: 1 } });
    assert.deepEqual(beam, greedy);
    const trapGreedy = await decode(new BigramModel(TRAP), { ...common, strategy: { kind: 'greedy' } });
    const trapBeam = await decode(new BigramModel(TRAP), { ...common, strategy: { kind: 'beam', beamSize: 1 } });
    assert.deepEqual(trapBeam, trapGreedy);
  });

  it('with two beams finds the sequence greedy misses, with the hand-computed log-probability', async () => {
    const model = new BigramModel(TRAP);
    const options = { count: 2, bosToken: BOS, eosToken: EOS, maxLength: 10 };
    const [greedy] = await decode(model, { ...options, strategy: { kind: 'greedy' } });
    assert.deepEqual(greedy.tokens, [A]);
    assert.ok(Math.abs(greedy.logProb - Math.log(0.3)) < 1e-6);
    const results = await decode(model, { ...options, strategy: { kind: 'beam', beamSize: 2 } });
    for (const best of results) {
      assert.deepEqual(best.tokens, [B, C]);
      assert.equal(best.logProb, model.logProb(BOS, B) + model.logProb(B, C) + model.logProb(C, EOS)); // log 0.4 + log 1 + log 1
      assert.ok(Math.abs(best.logProb - Math.log(0.4)) < 1e-7);
    }
  });

  it('returns each input n-best list, distinct and ranked, and stops once nothing can beat it', async () => {
    const model = new BigramModel(TRAP);
    const [nBest] = await beamSearch(model, { count: 1, bosToken: BOS, eosToken: EOS, maxLength: 10, beamSize: 2 });
    assert.deepEqual(nBest.map((s) => s.tokens), [[B, C], [A]]);
    assert.ok(Math.abs(nBest[1].logProb - Math.log(0.3)) < 1e-6);
    assert.equal(model.log.steps.length, 3); // <bos>; b|a; then the last live beam (a a, 0.15) cannot beat 0.3
    assert.deepEqual(model.log.steps[0], Int32Array.of(BOS, BOS)); // both rows start identical; only beam 0 is expanded
  });

  it('with a beam wide enough to keep every prefix equals brute-force search, n-best included', async () => {
    const words = [A, B, C];
    const maxLength = 3;
    for (const prompt of [[], [B, A]]) {
      const model = new HistoryModel(V, hashedDistribution);
      const [nBest] = await beamSearch(model, { prompts: [prompt], bosToken: BOS, eosToken: EOS, maxLength, beamSize: 27, bannedTokens: [PAD, BOS] });
      const history = [BOS, ...prompt];
      const brute = allSequences(words, maxLength)
        .map(({ generated, scored }) => ({ tokens: [...prompt, ...generated], logProb: model.score(history, scored) }))
        .sort((x, y) => y.logProb - x.logProb);
      assert.deepEqual(nBest.map((s) => s.tokens), brute.slice(0, 27).map((s) => s.tokens));
      nBest.forEach((s, i) => assert.equal(s.logProb, brute[i].logProb));
    }
  });

  it('keeps each row state with its beam through reordering, for prompts of different lengths', async () => {
    const model = new HistoryModel(V, hashedDistribution);
    const prompts = [[A], [], [C, C, B, A]];
    const nBests = await beamSearch(model, { prompts, bosToken: BOS, eosToken: EOS, maxLength: 5, beamSize: 3, bannedTokens: [PAD, BOS] });
    assert.ok(model.log.selections.some((rows) => rows.some((parent, row) => parent !== row)), 'beams were reordered');
    nBests.forEach((nBest, i) => {
      assert.equal(nBest.length, 3);
      assert.equal(new Set(nBest.map((s) => s.tokens.join(','))).size, 3, 'hypotheses are distinct');
      for (const s of nBest) {
        assert.deepEqual(s.tokens.slice(0, prompts[i].length), prompts[i]);
        const generated = s.tokens.slice(prompts[i].length);
        const scored = generated.length < 5 ? [...generated, EOS] : generated;
        assert.equal(s.logProb, model.score([BOS, ...prompts[i]], scored), `input ${i}: ${s.tokens}`);
        assert.equal(s.score, s.logProb);
      }
    });
  });

  it('ranks finished hypotheses by logProb / length^lengthPenalty', async () => {
    const model = new HistoryModel(V, hashedDistribution);
    const options = { count: 1, bosToken: BOS, eosToken: EOS, maxLength: 4, beamSize: 8, bannedTokens: [PAD, BOS] };
    const [raw] = await beamSearch(model, options);
    const [normalised] = await beamSearch(model, { ...options, lengthPenalty: 1 });
    for (const s of normalised) {
      const length = s.tokens.length < 4 ? s.tokens.length + 1 : 4;
      assert.equal(s.score, lengthNormalizedScore(s.logProb, length, 1));
    }
    const scores = normalised.map((s) => s.score);
    assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
    const meanLength = (list: typeof raw) => list.reduce((sum, s) => sum + s.tokens.length, 0) / list.length;
    assert.ok(meanLength(normalised) >= meanLength(raw), 'a positive penalty favours longer sequences');
  });

  it('respects maxLength and banned tokens', async () => {
    const model = new HistoryModel(V, hashedDistribution);
    const [nBest] = await beamSearch(model, { count: 1, bosToken: BOS, eosToken: EOS, maxLength: 2, beamSize: 4, bannedTokens: [PAD, BOS, A] });
    for (const s of nBest) {
      assert.ok(s.tokens.length <= 2);
      assert.ok(!s.tokens.includes(A) && !s.tokens.includes(PAD) && !s.tokens.includes(BOS));
    }
  });
});
