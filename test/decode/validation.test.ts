// Argument validation: strategies, decode options and what the model returns, each failing with one precise error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/engine/random.js';
import { beamSearch, decode } from '../../src/decode/decode.js';
import { checkStrategy } from '../../src/decode/strategy.js';
import type { DecodeOptions } from '../../src/decode/options.js';
import type { StepModel } from '../../src/decode/step-model.js';
import { A, BigramModel, BOS, EOS, PAD, V } from './fake-models.js';

const UNIFORM = Array.from({ length: V }, () => new Array<number>(V).fill(1 / V));
const BASE: DecodeOptions = { strategy: { kind: 'greedy' }, count: 2, bosToken: BOS, eosToken: EOS, maxLength: 5 };

async function rejects(options: Partial<DecodeOptions> | Record<string, unknown>, name: 'RangeError' | 'TypeError', message: string): Promise<void> {
  await assert.rejects(decode(new BigramModel(UNIFORM), { ...BASE, ...options } as DecodeOptions), { name, message });
}

describe('checkStrategy', () => {
  it('accepts valid strategies', () => {
    for (const strategy of [{ kind: 'greedy' }, { kind: 'sample' }, { kind: 'sample', temperature: 0.7, topK: 5, topP: 1 }, { kind: 'beam', beamSize: 1, lengthPenalty: 0.6 }]) {
      assert.doesNotThrow(() => checkStrategy('test', strategy));
    }
  });

  it('rejects invalid fields with one-line errors', () => {
    const cases: [unknown, string, string][] = [
      [{ kind: 'sample', temperature: 0 }, 'RangeError', 'test: strategy.temperature must be > 0, got 0'],
      [{ kind: 'sample', temperature: -1 }, 'RangeError', 'test: strategy.temperature must be > 0, got -1'],
      [{ kind: 'sample', temperature: Infinity }, 'RangeError', 'test: strategy.temperature must be finite, got Infinity'],
      [{ kind: 'sample', topK: 0 }, 'RangeError', 'test: strategy.topK must be an integer >= 1, got 0'],
      [{ kind: 'sample', topK: 2.5 }, 'RangeError', 'test: strategy.topK must be an integer >= 1, got 2.5'],
      [{ kind: 'sample', topP: 0 }, 'RangeError', 'test: strategy.topP must be in (0, 1], got 0'],
      [{ kind: 'sample', topP: 1.01 }, 'RangeError', 'test: strategy.topP must be in (0, 1], got 1.01'],
      [{ kind: 'sample', topP: '0.9' }, 'TypeError', 'test: strategy.topP must be a number, got string'],
      [{ kind: 'beam' }, 'TypeError', 'test: strategy.beamSize must be a number, got undefined'],
      [{ kind: 'beam', beamSize: 0 }, 'RangeError', 'test: strategy.beamSize must be an integer >= 1, got 0'],
      [{ kind: 'beam', beamSize: 1.5 }, 'RangeError', 'test: strategy.beamSize must be an integer >= 1, got 1.5'],
      [{ kind: 'beam', beamSize: 2, lengthPenalty: NaN }, 'RangeError', 'test: strategy.lengthPenalty must be finite, got NaN'],
      [{ kind: 'top' }, 'RangeError', `test: strategy.kind must be 'greedy', 'sample' or 'beam', got "top"`],
      [{}, 'RangeError', `test: strategy.kind must be 'greedy', 'sample' or 'beam', got undefined`],
      ['greedy', 'TypeError', 'test: strategy must be an object, got string'],
    ];
    for (const [strategy, name, message] of cases) assert.throws(() => checkStrategy('test', strategy), { name, message });
  });
});

describe('decode options', () => {
  it('rejects bad token ids, lengths and counts', async () => {
    await rejects({ bosToken: V }, 'RangeError', 'decode: bosToken must be an integer in [0, 6), got 6');
    await rejects({ eosToken: -1 }, 'RangeError', 'decode: eosToken must be an integer in [0, 6), got -1');
    await rejects({ maxLength: 0 }, 'RangeError', 'decode: maxLength must be an integer >= 1, got 0');
    await rejects({ count: 0 }, 'RangeError', 'decode: count must be an integer >= 1, got 0');
    await rejects({ count: '3' }, 'TypeError', 'decode: count must be a number, got string');
  });

  it('wants exactly one of count and prompts, with valid prompt tokens', async () => {
    await rejects({ prompts: [[A]] }, 'TypeError', 'decode: options must give exactly one of count and prompts, got both');
    await rejects({ count: undefined }, 'TypeError', 'decode: options must give exactly one of count and prompts, got neither');
    await rejects({ count: undefined, prompts: [] }, 'RangeError', 'decode: prompts must be non-empty, got 0 prompts');
    await rejects({ count: undefined, prompts: [[A], A] }, 'TypeError', 'decode: prompts[1] must be an array, got number');
    await rejects({ count: undefined, prompts: [[A, 9]] }, 'RangeError', 'decode: prompts[0][1] must be an integer in [0, 6), got 9');
  });

  it('checks banned tokens, which must leave the end token allowed', async () => {
    await rejects({ bannedTokens: [PAD, 6] }, 'RangeError', 'decode: bannedTokens[1] must be an integer in [0, 6), got 6');
    await rejects({ bannedTokens: [PAD, EOS] }, 'RangeError', 'decode: bannedTokens must not contain eosToken, got 2 in [0, 2]');
    await rejects({ bannedTokens: PAD }, 'TypeError', 'decode: bannedTokens must be an array, got number');
  });

  it('needs an Rng to sample', async () => {
    await rejects({ strategy: { kind: 'sample' } }, 'TypeError', "decode: rng must be an Rng for strategy 'sample', got undefined");
    await rejects({ strategy: { kind: 'sample' }, rng: { uniform: () => 0.5 } }, 'TypeError', "decode: rng must be an Rng for strategy 'sample', got object");
    await rejects({ strategy: { kind: 'sample', topK: 0 }, rng: new Rng(1) }, 'RangeError', 'decode: strategy.topK must be an integer >= 1, got 0');
  });

  it('checks beamSearch settings under its own name', async () => {
    await assert.rejects(beamSearch(new BigramModel(UNIFORM), { count: 1, bosToken: BOS, eosToken: EOS, maxLength: 3, beamSize: 0 }),
      { name: 'RangeError', message: 'beamSearch: strategy.beamSize must be an integer >= 1, got 0' });
  });
});

describe('model checks', () => {
  it('rejects something that is not a StepModel', async () => {
    await assert.rejects(decode({ vocabSize: V } as unknown as StepModel<unknown>, BASE), { name: 'TypeError', message: 'decode: model.initialState must be a function, got undefined' });
    const noVocabulary = { vocabSize: 0, initialState: () => 0, step: async () => ({}), selectRows: () => 0 };
    await assert.rejects(decode(noVocabulary as unknown as StepModel<unknown>, BASE), { name: 'RangeError', message: 'decode: model.vocabSize must be an integer >= 1, got 0' });
  });

  it('rejects step outputs of the wrong length, NaN, or nothing allowed', async () => {
    const fake = (logProbs: Float32Array): StepModel<null> => ({
      vocabSize: V, initialState: () => null, selectRows: () => null, step: async () => ({ logProbs, state: null }),
    });
    await assert.rejects(decode(fake(new Float32Array(V)), BASE), { name: 'RangeError', message: 'decode: model.step(...).logProbs must have length 2 * 6 = 12, got 6' });
    const withNaN = new Float32Array(2 * V).fill(-1);
    withNaN[V + 3] = NaN;
    await assert.rejects(decode(fake(withNaN), BASE), { name: 'RangeError', message: 'decode: model.step(...).logProbs[1, 3] must be finite or -Infinity, got NaN' });
    const onlyPad = new Float32Array(2 * V).fill(-Infinity);
    onlyPad[0] = 0;
    onlyPad[V] = 0;
    await assert.rejects(decode(fake(onlyPad), { ...BASE, bannedTokens: [PAD] }), { name: 'RangeError', message: 'decode: model.step(...).logProbs row 0 must have a finite entry outside bannedTokens, got none' });
    await assert.rejects(decode({ ...fake(new Float32Array(0)), step: async () => ({ logProbs: [0], state: null }) } as unknown as StepModel<null>, BASE),
      { name: 'TypeError', message: 'decode: model.step(...).logProbs must be a Float32Array, got array' });
  });
});
