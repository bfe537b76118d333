// Tests for Vocabulary: deterministic frequency order, size and frequency limits, unknowns, and validated JSON round trips.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BOS, EOS, PAD, UNK, Vocabulary } from '../../src/data/vocab.js';
import { DataError } from '../../src/data/data-error.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

let dir: TempDir;
before(async () => {
  dir = await makeTempDir();
});
after(async () => {
  await dir.remove();
});

const SENTENCES = [
  ['the', 'cat', 'sat'],
  ['the', 'dog', 'sat'],
  ['a', 'bird', 'sang', 'the'],
  ['zebra', 'cat'],
];
// counts: the 3, cat 2, sat 2, then a bird dog sang zebra once each

describe('Vocabulary.build', () => {
  it('puts the specials first, then most frequent, ties in code-unit order', () => {
    const vocab = Vocabulary.build(SENTENCES);
    assert.deepEqual([PAD, UNK, BOS, EOS], [0, 1, 2, 3]);
    assert.deepEqual(vocab.toJSON().tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'cat', 'sat', 'a', 'bird', 'dog', 'sang', 'zebra']);
    assert.equal(vocab.size, 12);
  });

  it('orders ties by code unit, not locale (uppercase before lowercase)', () => {
    const vocab = Vocabulary.build([['b', 'B', 'a', 'É', 'e']]);
    assert.deepEqual(vocab.toJSON().tokens.slice(4), ['B', 'a', 'b', 'e', 'É']);
  });

  it('is the same whatever order the sentences come in', () => {
    assert.deepEqual(Vocabulary.build([...SENTENCES].reverse()).toJSON(), Vocabulary.build(SENTENCES).toJSON());
  });

  it('maxSize counts the specials', () => {
    const vocab = Vocabulary.build(SENTENCES, { maxSize: 6 });
    assert.deepEqual(vocab.toJSON().tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'cat']);
    assert.equal(Vocabulary.build(SENTENCES, { maxSize: 4 }).size, 4);
    assert.throws(() => Vocabulary.build(SENTENCES, { maxSize: 3 }), /maxSize must be an integer >= 4, got 3/u);
  });

  it('minFreq drops rare tokens', () => {
    assert.deepEqual(Vocabulary.build(SENTENCES, { minFreq: 2 }).toJSON().tokens.slice(4), ['the', 'cat', 'sat']);
    assert.deepEqual(Vocabulary.build(SENTENCES, { minFreq: 3 }).toJSON().tokens.slice(4), ['the']);
    assert.throws(() => Vocabulary.build(SENTENCES, { minFreq: 0 }), RangeError);
  });

  it('counts a token spelled like a special (PTB <unk>) as that special', () => {
    const vocab = Vocabulary.build([['<unk>', 'x', '<unk>', '<eos>']]);
    assert.deepEqual(vocab.toJSON().tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'x']);
    assert.deepEqual(Array.from(vocab.encode(['<unk>', 'x'])), [UNK, 4]);
  });
});

describe('Vocabulary lookups', () => {
  const vocab = Vocabulary.build(SENTENCES, { minFreq: 2 });

  it('encodes unknown tokens as UNK and decodes ids', () => {
    const ids = vocab.encode(['the', 'cat', 'flew', 'sat']);
    assert.ok(ids instanceof Int32Array);
    assert.deepEqual(Array.from(ids), [4, 5, UNK, 6]);
    assert.deepEqual(vocab.decode(ids), ['the', 'cat', '<unk>', 'sat']);
    assert.equal(vocab.idOf('flew'), UNK);
    assert.equal(vocab.has('flew'), false);
    assert.equal(vocab.tokenOf(BOS), '<bos>');
    assert.throws(() => vocab.tokenOf(7), /id must be an integer in \[0, 7\), got 7/u);
    assert.throws(() => vocab.decode([1.5]), RangeError);
  });

  it('measures the unknown rate', () => {
    // 12 tokens; unknown: dog, a, bird, sang, zebra
    assert.equal(vocab.unknownRate(SENTENCES), 5 / 12);
    assert.equal(Vocabulary.build(SENTENCES).unknownRate(SENTENCES), 0);
    assert.equal(vocab.unknownRate([]), 0);
  });
});

describe('Vocabulary JSON', () => {
  it('round-trips through toJSON/fromJSON and save/load', async () => {
    const vocab = Vocabulary.build(SENTENCES);
    assert.deepEqual(Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab))).toJSON(), vocab.toJSON());
    const path = `${dir.path}/vocab.json`;
    await vocab.save(path);
    const loaded = await Vocabulary.load(path);
    assert.deepEqual(loaded.toJSON(), vocab.toJSON());
    assert.deepEqual(Array.from(loaded.encode(['zebra', 'the'])), Array.from(vocab.encode(['zebra', 'the'])));
    assert.match(await readFile(path, 'utf8'), /"format": "textforge-vocabulary"/u);
  });

  const good = { format: 'textforge-vocabulary', version: 1, tokens: ['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b'] };
  const corrupt: [string, unknown, RegExp][] = [
    ['not an object', [1, 2], /expected an object, got array/u],
    ['a wrong format tag', { ...good, format: 'other' }, /format must be 'textforge-vocabulary', got "other"/u],
    ['a wrong version', { ...good, version: 2 }, /version must be 1, got 2/u],
    ['tokens not an array', { ...good, tokens: 'abc' }, /tokens must be an array, got string/u],
    ['a missing special', { ...good, tokens: ['<pad>', '<unk>', '<eos>', 'a'] }, /token 2 must be the special <bos>, got "<eos>"/u],
    ['too few tokens', { ...good, tokens: ['<pad>', '<unk>'] }, /token 2 must be the special <bos>, got nothing/u],
    ['a duplicate', { ...good, tokens: [...good.tokens, 'a'] }, /token 6 "a" duplicates token 4/u],
    ['a duplicated special', { ...good, tokens: [...good.tokens, '<unk>'] }, /token 6 "<unk>" duplicates token 1/u],
    ['a non-string token', { ...good, tokens: [...good.tokens, 5] }, /token 6 must be a string, got number/u],
    ['an empty token', { ...good, tokens: [...good.tokens, ''] }, /token 6 is empty/u],
  ];
  for (const [name, json, pattern] of corrupt) {
    it(`rejects ${name} with a one-line DataError naming the file`, async () => {
      const path = await dir.write('corrupt.json', JSON.stringify(json));
      await assert.rejects(Vocabulary.load(path), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.ok(error.message.startsWith(`data: vocabulary '${path}' is not a textforge vocabulary: `), error.message);
        assert.match(error.message, pattern);
        assert.ok(!error.message.includes('\n'));
        return true;
      });
    });
  }

  it('rejects a file that is not JSON, or missing, with one-line DataErrors', async () => {
    const path = await dir.write('broken.json', '{"format": "textforge-vocabulary",\n "tokens": [');
    await assert.rejects(Vocabulary.load(path), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, new RegExp(`^data: vocabulary '${path}' is not valid JSON: [^\\n]+$`, 'u'));
      return true;
    });
    await assert.rejects(Vocabulary.load(`${dir.path}/missing.json`), /^DataError: data: vocabulary '.*missing\.json' not found$/u);
  });
});
