// Tests for distinct-n, n-gram entropy, the diversity report and copy rate against hand-computed values and edge cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { distinctN, diversityReport, ngramCounts, ngramEntropy, sequenceKey } from '../../src/metrics/diversity.js';
import { copyRate } from '../../src/metrics/copy-rate.js';

// Unigrams: a a a b b c x (7 in all, 4 different).
// Bigrams inside sentences: ab ba ab | ac (4 in all, 3 different); none cross the sentence boundary.
// Trigrams: aba bab (2, both different). 4-grams: abab (1). 5-grams: none.
const TEXT = [['a', 'b', 'a', 'b'], ['a', 'c'], ['x']];

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);

describe('distinctN', () => {
  it('divides different n-grams by all n-grams, counted inside each sentence', () => {
    close(distinctN(TEXT, 1), 4 / 7);
    close(distinctN(TEXT, 2), 3 / 4);
    close(distinctN(TEXT, 3), 1);
    close(distinctN(TEXT, 4), 1);
  });

  it('is 0 when there are no n-grams: empty input, empty sentences, sentences shorter than n', () => {
    assert.equal(distinctN([], 1), 0);
    assert.equal(distinctN([[], []], 1), 0);
    assert.equal(distinctN(TEXT, 5), 0);
    assert.equal(distinctN([['a'], ['b']], 2), 0);
  });

  it('is 1 / count for one n-gram repeated', () => {
    close(distinctN([['the', 'the', 'the'], ['the']], 1), 1 / 4);
  });

  it('keeps tokens apart however they are spelled', () => {
    assert.equal(distinctN([['a b'], ['a', 'b'], ['ab'], ['1:a'], ['1:a']], 1), 5 / 6);
    // Joined without a boundary these bigrams would all read "abc" (or "a bc"); they are four different bigrams.
    assert.equal(distinctN([['a', 'bc'], ['ab', 'c'], ['a', ' bc'], ['a ', 'bc']], 2), 1);
    assert.notEqual(sequenceKey(['a', 'b']), sequenceKey(['ab']));
    assert.notEqual(sequenceKey(['1:a', 'b']), sequenceKey(['1:a1:b']));
    assert.equal(sequenceKey(['x', 'a', 'b', 'y'], 1, 3), sequenceKey(['a', 'b']));
  });

  it('rejects an order that is not a positive integer', () => {
    assert.throws(() => distinctN(TEXT, 0), { message: 'distinctN: n must be a positive integer, got 0' });
    assert.throws(() => distinctN(TEXT, 1.5), { message: 'distinctN: n must be a positive integer, got 1.5' });
    assert.throws(() => ngramCounts(TEXT, -1), { message: 'ngramCounts: n must be a positive integer, got -1' });
  });
});

describe('ngramEntropy', () => {
  it('is the Shannon entropy of the n-gram frequencies, in nats', () => {
    // Unigram probabilities 3/7, 2/7, 1/7, 1/7.
    const unigram = -((3 / 7) * Math.log(3 / 7) + (2 / 7) * Math.log(2 / 7) + 2 * (1 / 7) * Math.log(1 / 7));
    close(ngramEntropy(TEXT, 1), unigram);
    // Bigram probabilities 1/2, 1/4, 1/4: 0.5 ln 2 + 0.5 ln 4 = 1.5 ln 2.
    close(ngramEntropy(TEXT, 2), 1.5 * Math.LN2);
    close(ngramEntropy(TEXT, 3), Math.LN2);
  });

  it('reports bits on request', () => {
    close(ngramEntropy(TEXT, 2, { unit: 'bits' }), 1.5);
    close(ngramEntropy(TEXT, 3, { unit: 'bits' }), 1);
    close(ngramEntropy(TEXT, 2, { unit: 'nats' }), 1.5 * Math.LN2);
    close(ngramEntropy([['a', 'b', 'c', 'd']], 1, { unit: 'bits' }), 2);
  });

  it('is 0 for a single n-gram type and for no n-grams', () => {
    assert.equal(ngramEntropy(TEXT, 4), 0);
    assert.ok(Object.is(ngramEntropy([['a', 'a']], 1), 0));
    assert.equal(ngramEntropy(TEXT, 5), 0);
    assert.equal(ngramEntropy([], 2, { unit: 'bits' }), 0);
  });

  it('rejects an unknown unit and a bad order', () => {
    assert.throws(() => ngramEntropy(TEXT, 1, { unit: 'dits' as 'bits' }), { message: "ngramEntropy: unit must be 'nats' or 'bits', got dits" });
    assert.throws(() => ngramEntropy(TEXT, 0), /ngramEntropy: n must be a positive integer, got 0/);
  });
});

describe('diversityReport', () => {
  it('gives counts, distinct-n and entropy for n = 1..4 by default', () => {
    const rows = diversityReport(TEXT);
    assert.deepEqual(rows.map((row) => [row.n, row.totalNgrams, row.uniqueNgrams]), [[1, 7, 4], [2, 4, 3], [3, 2, 2], [4, 1, 1]]);
    for (const row of rows) {
      close(row.distinct, distinctN(TEXT, row.n));
      close(row.entropyNats, ngramEntropy(TEXT, row.n));
      close(row.entropyBits, ngramEntropy(TEXT, row.n, { unit: 'bits' }));
    }
  });

  it('takes the orders asked for, including ones with no n-grams', () => {
    assert.deepEqual(diversityReport(TEXT, [2, 6]), [
      { n: 2, totalNgrams: 4, uniqueNgrams: 3, distinct: 0.75, entropyNats: 1.5 * Math.LN2, entropyBits: 1.5 },
      { n: 6, totalNgrams: 0, uniqueNgrams: 0, distinct: 0, entropyNats: 0, entropyBits: 0 },
    ]);
    assert.deepEqual(diversityReport([]), [1, 2, 3, 4].map((n) => ({ n, totalNgrams: 0, uniqueNgrams: 0, distinct: 0, entropyNats: 0, entropyBits: 0 })));
    assert.deepEqual(diversityReport(TEXT, []), []);
  });

  it('rejects a bad order before computing anything', () => {
    assert.throws(() => diversityReport(TEXT, [1, 0]), { message: 'diversityReport: n must be a positive integer, got 0' });
  });
});

describe('copyRate', () => {
  const training = [['the', 'cat', 'sat'], ['a', 'dog'], []];

  it('is the share of generated sentences equal to a training sentence, token for token', () => {
    const generated = [['the', 'cat', 'sat'], ['the', 'cat'], ['a', 'dog'], ['the', 'cat', 'sat', 'down'], ['a', 'dog']];
    close(copyRate(generated, training), 3 / 5);
  });

  it('counts an empty sentence as copied only when training has one', () => {
    assert.equal(copyRate([[]], training), 1);
    assert.equal(copyRate([[]], [['a']]), 0);
  });

  it('does not match token sequences that only join to the same text', () => {
    assert.equal(copyRate([['a', 'b'], ['ab']], [['a b'], ['a', 'b c']]), 0);
  });

  it('is 0 with nothing generated or no training data', () => {
    assert.equal(copyRate([], training), 0);
    assert.equal(copyRate([['a', 'dog']], []), 0);
  });
});
