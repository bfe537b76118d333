// NLTK 3.8 agreement: sentence_bleu and corpus_bleu for smoothing methods 0-4, orders 1-5 and NLTK's edge cases, from recorded fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averageBleu, bleuByOrder, bleuN, corpusBleu, ReferenceSet, sentenceBleu } from '../../src/metrics/bleu.js';
import { assertMatchesNltk, FIXTURE_ORDERS, loadBleuFixtures, SMOOTHING_METHODS } from './bleu-fixtures.js';

const fixtures = loadBleuFixtures();

describe('BLEU fixtures', () => {
  it('were written by NLTK 3.8 and cover enough cases', () => {
    assert.equal(fixtures.nltkVersion, '3.8');
    assert.ok(fixtures.sentence.length >= 60, `${fixtures.sentence.length} sentence cases`);
    assert.ok(fixtures.corpus.length >= 8, `${fixtures.corpus.length} corpus cases`);
  });
});

describe('sentenceBleu equals NLTK 3.8 sentence_bleu', () => {
  for (const smoothing of SMOOTHING_METHODS) {
    it(`smoothing method ${smoothing}, BLEU-1..5, every case`, () => {
      for (const testCase of fixtures.sentence) {
        const actual = FIXTURE_ORDERS.map((maxN) => sentenceBleu(testCase.references, testCase.hypothesis, { maxN, smoothing }));
        assertMatchesNltk(actual, testCase.scores[smoothing], `${testCase.name}, method ${smoothing}`);
      }
    });
  }

  it('with non-uniform weights', () => {
    for (const testCase of fixtures.weighted) {
      const actual = sentenceBleu(testCase.references, testCase.hypothesis, { weights: testCase.weights, smoothing: testCase.smoothing });
      assertMatchesNltk([actual], [testCase.score], testCase.name);
      const fromSet = new ReferenceSet(testCase.references).sentenceBleu(testCase.hypothesis, { weights: testCase.weights, smoothing: testCase.smoothing });
      assertMatchesNltk([fromSet], [testCase.score], `${testCase.name}, ReferenceSet`);
    }
  });

  it('defaults to BLEU-4 with smoothing method 1', () => {
    const testCase = fixtures.sentence[1];
    assert.equal(sentenceBleu(testCase.references, testCase.hypothesis), sentenceBleu(testCase.references, testCase.hypothesis, { maxN: 4, smoothing: 1 }));
    assertMatchesNltk([sentenceBleu(testCase.references, testCase.hypothesis)], [testCase.scores[1][3]], testCase.name);
  });
});

describe('ReferenceSet equals NLTK when every reference is shared', () => {
  for (const smoothing of SMOOTHING_METHODS) {
    it(`smoothing method ${smoothing}: ReferenceSet.sentenceBleu, bleuN and bleuByOrder on every case`, () => {
      for (const testCase of fixtures.sentence) {
        const set = new ReferenceSet(testCase.references);
        const expected = testCase.scores[smoothing];
        const direct = FIXTURE_ORDERS.map((maxN) => set.sentenceBleu(testCase.hypothesis, { maxN, smoothing }));
        assertMatchesNltk(direct, expected, `${testCase.name}, method ${smoothing}, ReferenceSet.sentenceBleu`);
        const averaged = FIXTURE_ORDERS.map((order) => bleuN([testCase.hypothesis], set, order, { smoothing }));
        assertMatchesNltk(averaged, expected, `${testCase.name}, method ${smoothing}, bleuN`);
        const byOrder = bleuByOrder([testCase.hypothesis], set, { orders: FIXTURE_ORDERS, smoothing });
        assertMatchesNltk(FIXTURE_ORDERS.map((order) => byOrder[order]), expected, `${testCase.name}, method ${smoothing}, bleuByOrder`);
      }
    });
  }

  it('averageBleu is the mean of the per-hypothesis scores against the shared set', () => {
    const references = fixtures.sentence.slice(32, 52).flatMap((testCase) => testCase.references);
    const hypotheses = fixtures.sentence.slice(32, 72).map((testCase) => testCase.hypothesis);
    const set = new ReferenceSet(references);
    for (const smoothing of SMOOTHING_METHODS) {
      for (const maxN of FIXTURE_ORDERS) {
        const naive = hypotheses.reduce((sum, hypothesis) => sum + sentenceBleu(references, hypothesis, { maxN, smoothing }), 0) / hypotheses.length;
        assertMatchesNltk([averageBleu(hypotheses, set, { maxN, smoothing })], [naive], `method ${smoothing}, BLEU-${maxN}`);
      }
    }
  });
});

describe('corpusBleu equals NLTK 3.8 corpus_bleu', () => {
  for (const smoothing of SMOOTHING_METHODS) {
    it(`smoothing method ${smoothing}, BLEU-1..5, every corpus`, () => {
      for (const testCase of fixtures.corpus) {
        const actual = FIXTURE_ORDERS.map((maxN) => corpusBleu(testCase.referencesPerHypothesis, testCase.hypotheses, { maxN, smoothing }));
        assertMatchesNltk(actual, testCase.scores[smoothing], `${testCase.name}, method ${smoothing}`);
      }
    });
  }

  it('of one hypothesis is sentenceBleu, and of no hypotheses is 0 as in NLTK', () => {
    for (const testCase of fixtures.sentence) {
      assert.equal(corpusBleu([testCase.references], [testCase.hypothesis], { smoothing: 4 }), sentenceBleu(testCase.references, testCase.hypothesis, { smoothing: 4 }));
    }
    assert.equal(corpusBleu([], []), 0);
  });
});
