// BLEU argument validation: one-line TypeError / RangeError naming the function, the argument and the rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averageBleu, bleuByOrder, bleuN, corpusBleu, ReferenceSet, SelfBleuSet, selfBleu, sentenceBleu, type BleuOptions } from '../../src/metrics/bleu.js';

const references = [['a', 'b', 'c']];
const hypothesis = ['a', 'b'];

describe('BLEU argument checks', () => {
  it('reject a bad order, weights or smoothing method', () => {
    assert.throws(() => sentenceBleu(references, hypothesis, { maxN: 0 }), { name: 'RangeError', message: 'sentenceBleu: maxN must be a positive integer, got 0' });
    assert.throws(() => sentenceBleu(references, hypothesis, { maxN: 2.5 }), RangeError);
    assert.throws(() => sentenceBleu(references, hypothesis, { smoothing: 7 as 1 }), { name: 'RangeError', message: /smoothing must be one of 0, 1, 2, 3, 4.*got 7/ });
    assert.throws(() => sentenceBleu(references, hypothesis, { weights: [] }), TypeError);
    assert.throws(() => sentenceBleu(references, hypothesis, { weights: [0.5, Number.NaN] }), { name: 'RangeError', message: /weights must be finite numbers, got NaN/ });
    assert.throws(() => sentenceBleu(references, hypothesis, { weights: [0.5, 0.5], maxN: 3 }), { name: 'RangeError', message: /maxN must equal weights.length \(2\), got 3/ });
  });

  it('reject unknown option names instead of ignoring them', () => {
    assert.throws(() => sentenceBleu(references, hypothesis, { maxn: 2 } as BleuOptions), { name: 'TypeError', message: "sentenceBleu: option names must be one of maxN, weights, smoothing, got 'maxn'" });
    assert.throws(() => new ReferenceSet(references, { maxN: 2 } as object), TypeError);
    assert.throws(() => bleuByOrder([hypothesis], new ReferenceSet(references), { order: [2] } as object), TypeError);
  });

  it('reject sentences that are not arrays of strings, and empty reference lists', () => {
    assert.throws(() => sentenceBleu([], hypothesis), { name: 'RangeError', message: 'sentenceBleu: references must hold at least 1 sentence, got 0' });
    assert.throws(() => sentenceBleu(references, 'a b' as unknown as string[]), { name: 'TypeError', message: "sentenceBleu: hypothesis must be an array of string tokens, got the string 'a b'" });
    assert.throws(() => sentenceBleu([['a', 3 as unknown as string]], hypothesis), { name: 'TypeError', message: 'sentenceBleu: references[0][1] must be a string token, got number' });
    assert.throws(() => new ReferenceSet([]), RangeError);
    assert.throws(() => averageBleu([], new ReferenceSet(references)), { name: 'RangeError', message: 'averageBleu: hypotheses must hold at least 1 sentence, got 0' });
  });

  it('reject corpora whose hypotheses and reference lists differ in number', () => {
    assert.throws(() => corpusBleu([references], [hypothesis, hypothesis]), { name: 'RangeError', message: 'corpusBleu: referencesPerHypothesis.length must equal hypotheses.length (2), got 1' });
    assert.throws(() => corpusBleu([[]], [hypothesis]), RangeError);
  });

  it('reject orders above what a set was built for', () => {
    const set = new ReferenceSet(references, { maxOrder: 3 });
    assert.throws(() => set.sentenceBleu(hypothesis, { maxN: 4 }), { name: 'RangeError', message: 'ReferenceSet.counts: maxN must be <= the maxOrder this ReferenceSet was built with (3), got 4' });
    assert.throws(() => bleuN([hypothesis], set, 5), RangeError);
    assert.throws(() => bleuByOrder([hypothesis], set), RangeError);
    assert.throws(() => averageBleu([hypothesis], {} as ReferenceSet), { name: 'TypeError', message: 'averageBleu: referenceSet must be a ReferenceSet, got object' });
  });

  it('reject a Self-BLEU sample with fewer than 2 sentences, and positions outside it', () => {
    assert.throws(() => selfBleu([hypothesis]), { name: 'RangeError', message: 'SelfBleuSet: sentences must hold at least 2 sentences, got 1' });
    assert.throws(() => new SelfBleuSet([hypothesis, hypothesis]).sentenceBleu(2), { name: 'RangeError', message: 'SelfBleuSet.counts: position must be an integer in [0, 1], got 2' });
  });
});
