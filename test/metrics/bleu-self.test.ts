// Self-BLEU: the fast top-2 tables equal the naive "sentence_bleu(all others, sentence)" and NLTK, and a sentence never references itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SelfBleuSet, selfBleu, selfBleuByOrder, sentenceBleu, type SmoothingMethod } from '../../src/metrics/bleu.js';
import { Rng } from '../../src/engine/random.js';
import { assertMatchesNltk, FIXTURE_ORDERS, loadBleuFixtures, SMOOTHING_METHODS } from './bleu-fixtures.js';

const fixtures = loadBleuFixtures();

/** The definition: sentence i against every other sentence of the list, through the NLTK-structured sentenceBleu. */
function naiveSelfBleu(sentences: readonly string[][], maxN: number, smoothing: SmoothingMethod): number[] {
  return sentences.map((sentence, i) => sentenceBleu([...sentences.slice(0, i), ...sentences.slice(i + 1)], sentence, { maxN, smoothing }));
}

/** Sentences from a 4-word vocabulary, so n-grams, their counts and sentence lengths tie often, with some exact duplicates. */
function randomSample(seed: number, count: number): string[][] {
  const rng = new Rng(seed);
  const vocabulary = ['a', 'b', 'c', 'd'];
  const sentences: string[][] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && rng.uniform() < 0.15) sentences.push([...sentences[rng.int(0, i)]]);
    else sentences.push(Array.from({ length: rng.int(0, 9) }, () => vocabulary[rng.int(0, vocabulary.length)]));
  }
  return sentences;
}

describe('Self-BLEU equals NLTK and the naive definition', () => {
  const { sentences, perSentence } = fixtures.selfBleu;

  it('fast == NLTK fixture for every sentence, smoothing 0-4, orders 1-5', () => {
    const set = new SelfBleuSet(sentences);
    for (const smoothing of SMOOTHING_METHODS) {
      for (const maxN of FIXTURE_ORDERS) {
        assertMatchesNltk(set.perSentence({ maxN, smoothing }), perSentence[smoothing][maxN - 1], `method ${smoothing}, order ${maxN}`);
      }
    }
  });

  it('naive == NLTK fixture (so the naive reference in the other tests is itself right)', () => {
    for (const smoothing of SMOOTHING_METHODS) {
      for (const maxN of FIXTURE_ORDERS) {
        assertMatchesNltk(naiveSelfBleu(sentences, maxN, smoothing), perSentence[smoothing][maxN - 1], `method ${smoothing}, order ${maxN}`);
      }
    }
  });

  it('selfBleu and selfBleuByOrder are the means of the NLTK per-sentence scores (method 1)', () => {
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const byOrder = selfBleuByOrder(sentences);
    for (const order of [2, 3, 4, 5]) {
      const expected = mean(perSentence[1][order - 1]);
      assertMatchesNltk([selfBleu(sentences, { maxN: order }), byOrder[order]], [expected, expected], `Self-BLEU-${order}`);
    }
  });

  it('fast == naive on random samples full of ties and duplicates', () => {
    for (const seed of [1, 2, 3]) {
      const sample = randomSample(seed, 40);
      const set = new SelfBleuSet(sample);
      for (const smoothing of SMOOTHING_METHODS) {
        for (const maxN of FIXTURE_ORDERS) {
          assertMatchesNltk(set.perSentence({ maxN, smoothing }), naiveSelfBleu(sample, maxN, smoothing), `seed ${seed}, method ${smoothing}, order ${maxN}`);
        }
      }
    }
  });
});

describe('Self-BLEU references', () => {
  it('never include the sentence itself (Texygen counts it, scoring every sentence 1)', () => {
    const distinct = [['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i', 'j', 'k', 'l']];
    assert.deepEqual(new SelfBleuSet(distinct).perSentence({ smoothing: 1 }), [0, 0, 0]);
    assert.equal(selfBleu(distinct), 0);
  });

  it('include other copies of the sentence: duplicates are other samples', () => {
    const sample = [['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h']];
    assert.deepEqual(new SelfBleuSet(sample).perSentence(), [1, 1, 0]);
  });

  it('leave out only the sentence\'s own count when it ties another sentence for the largest count', () => {
    const sample = [['x', 'x', 'y'], ['x', 'x', 'z'], ['x', 'w', 'v']];
    const set = new SelfBleuSet(sample);
    for (let i = 0; i < sample.length; i++) {
      const others = sample.filter((_, j) => j !== i);
      assert.equal(set.sentenceBleu(i, { maxN: 1 }), sentenceBleu(others, sample[i], { maxN: 1 }), `sentence ${i}`);
    }
    assert.equal(set.sentenceBleu(0, { maxN: 1 }), sentenceBleu([sample[1]], sample[0], { maxN: 1 }));
  });

  it('leave out the sentence\'s own length for the brevity penalty', () => {
    // sentence 0 (length 3) sees lengths 2 and 5, so 2; sentence 1 (length 2) sees 3 and 5, so 3: never its own length
    const sample = [['a', 'b', 'c'], ['a', 'b'], ['a', 'b', 'c', 'a', 'b']];
    const set = new SelfBleuSet(sample);
    assert.equal(set.counts(0, 2).referenceLength, 2);
    assert.equal(set.counts(1, 2).referenceLength, 3);
  });

  it('come from each call\'s own sentences: nothing is cached between samples', () => {
    const first = randomSample(7, 20);
    const second = randomSample(8, 20);
    const secondAlone = selfBleuByOrder(second);
    selfBleuByOrder(first);
    assert.deepEqual(selfBleuByOrder(second), secondAlone);
    assert.notDeepEqual(selfBleuByOrder(first), secondAlone);
  });
});
