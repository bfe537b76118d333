// Greedy decoding on a bigram table: the argmax path, the end token, maxLength, banned tokens and the static batch.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from '../../src/decode/decode.js';
import { A, B, BigramModel, BOS, C, EOS, PAD } from './fake-models.js';

// Rows: the last token; columns: <pad>, <bos>, <eos>, a, b, c.
const TABLE = [
  [0.2, 0.1, 0.1, 0.2, 0.2, 0.2], // <pad>
  [0, 0, 0.1, 0.5, 0.2, 0.2], // <bos>: a
  [0.2, 0.1, 0.1, 0.2, 0.2, 0.2], // <eos> (fed to finished rows)
  [0, 0, 0.1, 0, 0.6, 0.3], // a: b
  [0.05, 0, 0.1, 0.15, 0, 0.7], // b: c
  [0, 0, 0.8, 0.2, 0, 0], // c: <eos>
];

it('follows the argmax path, stops at the end token and sums the model log-probabilities', async () => {
  const model = new BigramModel(TABLE);
  const [result] = await decode(model, { strategy: { kind: 'greedy' }, count: 1, bosToken: BOS, eosToken: EOS, maxLength: 10 });
  assert.deepEqual(result.tokens, [A, B, C]);
  const expected = model.logProb(BOS, A) + model.logProb(A, B) + model.logProb(B, C) + model.logProb(C, EOS);
  assert.equal(result.logProb, expected);
  assert.ok(Math.abs(result.logProb - Math.log(0.5 * 0.6 * 0.7 * 0.8)) < 1e-6);
});

it('stops after maxLength generated tokens without scoring an end token', async () => {
  const model = new BigramModel(TABLE);
  const [result] = await decode(model, { strategy: { kind: 'greedy' }, count: 1, bosToken: BOS, eosToken: EOS, maxLength: 2 });
  assert.deepEqual(result.tokens, [A, B]);
  assert.ok(Math.abs(result.logProb - Math.log(0.5 * 0.6)) < 1e-6);
  assert.equal(model.log.steps.length, 2);
});

it('never produces banned tokens and takes the best allowed one instead', async () => {
  const model = new BigramModel(TABLE);
  const [result] = await decode(model, { strategy: { kind: 'greedy' }, count: 1, bosToken: BOS, eosToken: EOS, maxLength: 10, bannedTokens: [B, PAD] });
  assert.deepEqual(result.tokens, [A, C]);
  // logProb stays the unmodified model's: no renormalisation over the allowed tokens.
  assert.ok(Math.abs(result.logProb - Math.log(0.5 * 0.3 * 0.8)) < 1e-6);
});

it('breaks ties toward the lowest token id', async () => {
  const tied = TABLE.map((row) => [...row]);
  tied[BOS] = [0, 0, 0.2, 0.4, 0.4, 0];
  const [result] = await decode(new BigramModel(tied), { strategy: { kind: 'greedy' }, count: 1, bosToken: BOS, eosToken: EOS, maxLength: 1 });
  assert.deepEqual(result.tokens, [A]);
});

it('steps the whole batch at once, feeding finished rows the end token', async () => {
  const model = new BigramModel(TABLE);
  const results = await decode(model, { strategy: { kind: 'greedy' }, prompts: [[], [C], [A, B]], bosToken: BOS, eosToken: EOS, maxLength: 10 });
  assert.deepEqual(results.map((r) => r.tokens), [[A, B, C], [C], [A, B, C]]);
  // Position by position: row 1 finishes after its forced c, row 2 is forced through a, b.
  assert.deepEqual(model.log.steps.map((tokens) => [...tokens]), [
    [BOS, BOS, BOS],
    [A, C, A],
    [B, EOS, B],
    [C, EOS, C],
  ]);
});
