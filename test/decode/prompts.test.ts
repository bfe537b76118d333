// Prompts: fed after <bos> by teacher forcing, unscored, returned at the start of tokens, with maxLength counting only generated tokens.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { decode } from '../../src/decode/decode.js';
import { A, B, BOS, C, EOS, HistoryModel, V } from './fake-models.js';

/** Prefers the successor of the last token (<bos> -> a -> b -> c -> <eos>) with 0.9; prompt-like repeats are unlikely. */
function successor(history: readonly number[]): number[] {
  const last = history[history.length - 1];
  const preferred = last === BOS ? A : last === C ? EOS : last === A || last === B ? last + 1 : EOS;
  const probs = new Array<number>(V).fill(0.1 / (V - 1));
  probs[preferred] = 0.9;
  return probs;
}

it('forces prompts of different lengths, returns them and scores only generated tokens', async () => {
  const model = new HistoryModel(V, successor);
  const prompts = [[], [A], [C, C, A], [B, B, B, B, B]];
  const results = await decode(model, { strategy: { kind: 'greedy' }, prompts, bosToken: BOS, eosToken: EOS, maxLength: 10 });
  assert.deepEqual(results.map((r) => r.tokens), [[A, B, C], [A, B, C], [C, C, A, B, C], [B, B, B, B, B, C]]);
  results.forEach((result, i) => {
    const generated = result.tokens.slice(prompts[i].length);
    assert.equal(result.logProb, model.score([BOS, ...prompts[i]], [...generated, EOS]));
    assert.ok(Math.abs(result.logProb - (generated.length + 1) * Math.log(0.9)) < 1e-6);
    // What the model was fed: <bos>, the prompt, the generated tokens, then <eos> padding.
    assert.deepEqual(model.lastState[i].slice(0, 1 + result.tokens.length), [BOS, ...result.tokens]);
  });
  assert.equal(model.log.steps.length, 1 + 5 + 1); // <bos>, the five b's, then c (the step after it picks <eos>)
});

it('counts maxLength after the prompt, however long the prompt is', async () => {
  const model = new HistoryModel(V, successor);
  const results = await decode(model, { strategy: { kind: 'greedy' }, prompts: [[C, C, C, C], []], bosToken: BOS, eosToken: EOS, maxLength: 2 });
  assert.deepEqual(results[0].tokens, [C, C, C, C]); // <eos> is chosen right after the prompt
  assert.deepEqual(results[1].tokens, [A, B]);
  assert.ok(Math.abs(results[1].logProb - 2 * Math.log(0.9)) < 1e-6, 'cut at maxLength: no end token scored');
});

it('honours prompts under beam search and sampling too', async () => {
  const prompts = [[B], [C, A]];
  for (const strategy of [{ kind: 'beam', beamSize: 3 }, { kind: 'sample', topK: 1 }] as const) {
    const results = await decode(new HistoryModel(V, successor), { strategy, prompts, bosToken: BOS, eosToken: EOS, maxLength: 5, rng: new Rng(1) });
    assert.deepEqual(results.map((r) => r.tokens), [[B, C], [C, A, B, C]], strategy.kind);
  }
});
