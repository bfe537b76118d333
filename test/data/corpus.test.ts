// Tests for loadCorpus: the seeded split is deterministic, disjoint and complete; given files are used as they are; truncation is counted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus, type CorpusOptions } from '../../src/data/corpus.js';
import { DataError } from '../../src/data/data-error.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

let dir: TempDir;
let trainPath: string;
const LINES = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} is here.`);

before(async () => {
  dir = await makeTempDir();
  trainPath = await dir.write('train.txt', `${LINES.join('\n')}\n\n`);
});
after(async () => {
  await dir.remove();
});

const base = (): CorpusOptions => ({ train: trainPath, seed: 3, tokenizer: 'word', lowercase: true, maxLen: 50 });
const numberOf = (sentence: string[]): number => Number(sentence[2]);

describe('loadCorpus', () => {
  it('splits train by a seeded shuffle: deterministic, disjoint, covering every line, parts in file order', async () => {
    const a = await loadCorpus(base());
    const b = await loadCorpus(base());
    assert.deepEqual(b, a);
    assert.deepEqual([a.train.length, a.valid.length, a.test.length], [180, 10, 10]);
    const all = [...a.train, ...a.valid, ...a.test].map(numberOf);
    assert.deepEqual([...all].sort((x, y) => x - y), LINES.map((_, i) => i));
    for (const part of [a.train, a.valid, a.test]) {
      const numbers = part.map(numberOf);
      assert.deepEqual(numbers, [...numbers].sort((x, y) => x - y));
    }
    assert.deepEqual(a.train[0].slice(0, 2), ['sentence', 'number']);
    assert.equal(a.blankLines, 1);
    assert.equal(a.truncated, 0);
  });

  it('a different seed gives a different split; custom fractions are honoured', async () => {
    const a = await loadCorpus(base());
    const other = await loadCorpus({ ...base(), seed: 4 });
    assert.notDeepEqual(other.valid, a.valid);
    const custom = await loadCorpus({ ...base(), split: [0.5, 0.3, 0.2] });
    assert.deepEqual([custom.train.length, custom.valid.length, custom.test.length], [100, 60, 40]);
    await assert.rejects(loadCorpus({ ...base(), split: [0, 0.5, 0.5] }), RangeError);
  });

  it('uses given valid and test files as they are, and splits off only a missing part', async () => {
    const validPath = await dir.write('valid.txt', 'The valid line.\n');
    const testPath = await dir.write('test.txt', 'A test line!\r\n');
    const both = await loadCorpus({ ...base(), valid: validPath, test: testPath });
    assert.equal(both.train.length, 200);
    assert.deepEqual(both.valid, [['the', 'valid', 'line', '.']]);
    assert.deepEqual(both.test, [['a', 'test', 'line', '!']]);
    const validOnly = await loadCorpus({ ...base(), valid: validPath });
    assert.deepEqual(validOnly.valid, [['the', 'valid', 'line', '.']]);
    assert.deepEqual([validOnly.train.length, validOnly.test.length], [190, 10]);
  });

  it('truncates long lines to maxLen and counts them', async () => {
    const path = await dir.write('long.txt', 'a b c d e f\na b\nx y z w\n');
    const corpus = await loadCorpus({ ...base(), train: path, valid: path, test: path, tokenizer: 'whitespace', maxLen: 3 });
    assert.deepEqual(corpus.train, [['a', 'b', 'c'], ['a', 'b'], ['x', 'y', 'z']]);
    assert.equal(corpus.truncated, 6);
  });

  it('tokenizes by the chosen tokenizer and case', async () => {
    const corpus = await loadCorpus({ ...base(), tokenizer: 'char', lowercase: false, maxLen: 500 });
    assert.deepEqual(corpus.train[0].slice(0, 5), ['S', 'e', 'n', 't', 'e']);
  });

  it('reports a file too small to split, and read errors, as DataErrors', async () => {
    const tiny = await dir.write('tiny.txt', 'one\ntwo\n');
    await assert.rejects(loadCorpus({ ...base(), train: tiny }), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /tiny\.txt' has only 2 text lines, too few to split into train\/valid\/test/u);
      return true;
    });
    await assert.rejects(loadCorpus({ ...base(), valid: `${dir.path}/absent.txt` }), /absent\.txt' not found/u);
    await assert.rejects(loadCorpus({ ...base(), maxLen: 0 }), RangeError);
  });
});
