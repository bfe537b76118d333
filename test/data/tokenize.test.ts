// Tests for the tokenizers: COCO-style word splitting, whitespace and character tokens, lower-casing, and detokenize round trips.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detokenize, isTokenizerKind, SPACE_SYMBOL, tokenize, type TokenizerKind } from '../../src/data/tokenize.js';

const words = (line: string, lowercase = true): string => tokenize(line, { kind: 'word', lowercase }).join(' ');

describe('tokenize: word', () => {
  it('splits punctuation off as the COCO / EMNLP text-GAN benchmarks do', () => {
    assert.equal(words('A man, riding a horse.'), 'a man , riding a horse .');
    assert.equal(words('A giraffe standing next to a tree; two zebras nearby!'), 'a giraffe standing next to a tree ; two zebras nearby !');
    assert.equal(words('Is this a cat (or a dog)?'), 'is this a cat ( or a dog ) ?');
    assert.equal(words('He said "stop" and left:'), 'he said " stop " and left :');
  });

  it('keeps contractions, possessives, hyphenated words and numbers together', () => {
    assert.equal(words("I don't think it's the dog's bowl."), "i don't think it's the dog's bowl .");
    assert.equal(words('A well-known 3.5-inch disk costs $1,000.50 at 10:30, 50% off.'), 'a well-known 3.5-inch disk costs $ 1,000.50 at 10:30 , 50 % off .');
    assert.equal(words('Wait... then -- nothing.'), 'wait ... then -- nothing .');
    assert.equal(words('In the U.S. and e.g. Mr. Smith.'), 'in the u.s. and e.g. mr . smith .');
  });

  it('splits quoting apostrophes at word edges', () => {
    assert.equal(words("'hello' she said"), "' hello ' she said");
  });

  it('lower-cases only when asked', () => {
    assert.deepEqual(tokenize('The Cat SAT.', { kind: 'word', lowercase: false }), ['The', 'Cat', 'SAT', '.']);
    assert.deepEqual(tokenize('The Cat SAT.', { kind: 'word', lowercase: true }), ['the', 'cat', 'sat', '.']);
  });

  it('gives no tokens for a blank line and handles non-ASCII letters', () => {
    assert.deepEqual(tokenize('  \t ', { kind: 'word', lowercase: true }), []);
    assert.equal(words('Café naïve — Zürich, 東京.'), 'café naïve — zürich , 東京 .');
  });
});

describe('tokenize: whitespace and char', () => {
  it('whitespace splits on whitespace only (pre-tokenized text such as PTB)', () => {
    assert.deepEqual(tokenize(' the <unk> , n\'t  N.\t', { kind: 'whitespace', lowercase: false }), ['the', '<unk>', ',', "n't", 'N.']);
    assert.deepEqual(tokenize('Mixed CASE', { kind: 'whitespace', lowercase: true }), ['mixed', 'case']);
  });

  it('char gives code points with each whitespace run as one visible token', () => {
    assert.deepEqual(tokenize('Hi  yo', { kind: 'char', lowercase: false }), ['H', 'i', SPACE_SYMBOL, 'y', 'o']);
    assert.deepEqual(tokenize(' Hi ', { kind: 'char', lowercase: true }), ['h', 'i']);
    assert.deepEqual(tokenize('a😀b', { kind: 'char', lowercase: false }), ['a', '😀', 'b']);
  });

  it('byte gives the UTF-8 bytes of the trimmed line, spaces and case kept, and detokenize inverts it', () => {
    assert.deepEqual(tokenize(' Hé  x ', { kind: 'byte', lowercase: false }), ['H', '\u00c3', '\u00a9', ' ', ' ', 'x']);
    assert.equal(detokenize(tokenize('Café, 😀 ok', { kind: 'byte', lowercase: false }), 'byte'), 'Café, 😀 ok');
  });

  it('rejects an unknown kind', () => {
    assert.throws(() => tokenize('x', { kind: 'bpe' as TokenizerKind, lowercase: false }), /kind must be one of word, whitespace, char, byte, got bpe/u);
    assert.equal(isTokenizerKind('char'), true);
    assert.equal(isTokenizerKind('bpe'), false);
  });
});

describe('detokenize', () => {
  const sentences = [
    'A man, riding a horse.',
    "I don't know; it's 3.5 km away!",
    'He said "stop" (twice) and left...',
    'A well-known U.S. firm earned $5 or 50% more?',
  ];
  for (const sentence of sentences) {
    it(`round-trips ${JSON.stringify(sentence)}`, () => {
      for (const kind of ['word', 'whitespace', 'char'] as const) {
        assert.equal(detokenize(tokenize(sentence, { kind, lowercase: false }), kind), sentence, kind);
      }
    });
  }

  it('re-attaches punctuation in generated samples', () => {
    assert.equal(detokenize(['a', 'dog', ',', 'a', 'cat', '.'], 'word'), 'a dog, a cat.');
    assert.equal(detokenize(['"', 'hi', '"', ',', 'she', 'said'], 'word'), '"hi", she said');
  });
});
