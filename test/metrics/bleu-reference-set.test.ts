// ReferenceSet: all references are used however many there are, scores match the NLTK-structured path, and built sets never go stale.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averageBleu, bleuByOrder, bleuN, ReferenceSet, sentenceBleu } from '../../src/metrics/bleu.js';
import { closestReferenceLength, LengthMultiset } from '../../src/metrics/bleu-lengths.js';
import { Rng } from '../../src/engine/random.js';

/** 10,000 references of 8 tokens each, every token unique to its reference: a hypothesis can only match the one it copies. */
function disjointReferences(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => Array.from({ length: 8 }, (_unused, j) => `r${i}w${j}`));
}

describe('ReferenceSet with 10,000 references', () => {
  const references = disjointReferences(10_000);
  const set = new ReferenceSet(references);
  const copyOf9999th = [...references[9_998]];

  it('uses every reference: a hypothesis matching only the 9,999th scores 1 (Texygen keeps 500 and scores 0)', () => {
    assert.equal(set.size, 10_000);
    assert.equal(set.sentenceBleu(copyOf9999th), 1);
    assert.equal(bleuN([copyOf9999th], set, 5), 1);
    const texygenTruncated = new ReferenceSet(references.slice(0, 500));
    assert.equal(texygenTruncated.sentenceBleu(copyOf9999th), 0);
  });

  it('agrees with sentenceBleu over the full reference list', () => {
    const partial = [...copyOf9999th.slice(0, 5), 'r3w1', 'r3w2'];
    for (const hypothesis of [copyOf9999th, partial]) {
      assert.equal(set.sentenceBleu(hypothesis, { maxN: 4 }), sentenceBleu(references, hypothesis, { maxN: 4 }));
    }
  });
});

describe('ReferenceSet state', () => {
  it('is unaffected by later changes to the arrays it was built from', () => {
    const references = [['a', 'b', 'c', 'd'], ['e', 'f']];
    const set = new ReferenceSet(references);
    const before = set.sentenceBleu(['a', 'b', 'c', 'd']);
    references[0][0] = 'z';
    references.push(['a', 'b', 'c', 'd', 'e']);
    assert.equal(set.sentenceBleu(['a', 'b', 'c', 'd']), before);
    assert.equal(before, 1);
  });

  it('gives each set its own references, in any order of use', () => {
    const first = new ReferenceSet([['a', 'b', 'c', 'd']]);
    const second = new ReferenceSet([['x', 'y', 'z', 'w']]);
    const hypothesis = ['a', 'b', 'c', 'd'];
    assert.equal(second.sentenceBleu(hypothesis), 0);
    assert.equal(first.sentenceBleu(hypothesis), 1);
    assert.equal(second.sentenceBleu(hypothesis), 0);
  });

  it('bleuByOrder equals bleuN per order, and the average of sentence scores', () => {
    const rng = new Rng(11);
    const vocabulary = ['a', 'b', 'c', 'd', 'e', 'f'];
    const sentence = (): string[] => Array.from({ length: rng.int(0, 12) }, () => vocabulary[rng.int(0, vocabulary.length)]);
    const references = Array.from({ length: 50 }, sentence);
    const hypotheses = Array.from({ length: 30 }, sentence);
    const set = new ReferenceSet(references);
    const byOrder = bleuByOrder(hypotheses, set);
    assert.deepEqual(Object.keys(byOrder).map(Number), [2, 3, 4, 5]);
    for (const order of [2, 3, 4, 5]) {
      assert.equal(byOrder[order], bleuN(hypotheses, set, order));
      assert.equal(byOrder[order], averageBleu(hypotheses, set, { maxN: order, smoothing: 1 }));
      const naive = hypotheses.reduce((sum, hypothesis) => sum + sentenceBleu(references, hypothesis, { maxN: order }), 0) / hypotheses.length;
      assert.ok(Math.abs(byOrder[order] - naive) <= 1e-12, `BLEU-${order}: ${byOrder[order]} vs naive ${naive}`);
    }
  });
});

describe('closest reference length', () => {
  it('LengthMultiset.closest equals NLTK\'s rule, with and without leaving one occurrence out', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const lengths = Array.from({ length: rng.int(2, 8) }, () => rng.int(0, 15));
      const multiset = new LengthMultiset(lengths);
      for (let hypothesisLength = 0; hypothesisLength <= 16; hypothesisLength++) {
        assert.equal(multiset.closest(hypothesisLength), closestReferenceLength(lengths, hypothesisLength), `[${lengths}] vs ${hypothesisLength}`);
        const leaveOut = lengths[rng.int(0, lengths.length)];
        const remaining = [...lengths];
        remaining.splice(remaining.indexOf(leaveOut), 1);
        assert.equal(multiset.closest(hypothesisLength, leaveOut), closestReferenceLength(remaining, hypothesisLength), `[${lengths}] minus ${leaveOut} vs ${hypothesisLength}`);
      }
    }
  });

  it('breaks ties towards the shorter reference', () => {
    assert.equal(closestReferenceLength([13, 11], 12), 11);
    assert.equal(new LengthMultiset([13, 11]).closest(12), 11);
  });
});
