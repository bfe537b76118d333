// Fuzzes the text reader and the tokenizers with random bytes, mixed encodings, odd line ends and huge lines.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextLines } from '../../src/data/read-text.js';
import { detokenize, tokenize, TOKENIZER_KINDS } from '../../src/data/tokenize.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, concat, fuzzSeed, mutateBytes, outcome } from './fuzz-kit.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const SAMPLES = ['The cat sat.', "don't stop", 'naïve café', '日本語のテキスト', 'emoji 🙂👍🏽', 'U.S.A. 3.14 -- ...', '\u200b\u00a0\u2028tabs\there', 'A\u0301\u0308'];

/** Text in one of several encodings and shapes: UTF-8, UTF-16 with a BOM, Latin-1, broken UTF-8, mixed line ends, long lines. */
function mixedText(rng: Rng): Uint8Array {
  const lines = Array.from({ length: rng.int(0, 8) }, () => SAMPLES[rng.int(0, SAMPLES.length)]);
  const ends = ['\n', '\r\n', '\r', '\n\n', ' \n'];
  const text = lines.map((l) => l + ends[rng.int(0, ends.length)]).join('');
  const utf8 = new TextEncoder().encode(text);
  switch (rng.int(0, 7)) {
    case 0: return utf8;
    case 1: return concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8); // UTF-8 BOM
    case 2: return concat(new Uint8Array([0xff, 0xfe]), new Uint8Array(Buffer.from(text, 'utf16le'))); // UTF-16LE
    case 3: return new Uint8Array(Buffer.from(text, 'latin1'));
    case 4: return concat(utf8, new Uint8Array([[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0xe2, 0x82]][rng.int(0, 4)])); // overlong, surrogate, 5-byte, cut
    case 5: return new TextEncoder().encode(`${'word '.repeat(rng.uniform() < 0.05 ? 200_000 : rng.int(100, 3000))}\n${text}`);
    default: return mutateBytes(rng, utf8);
  }
}

test('readTextLines and every tokenizer: mixed encodings, random and mutated bytes give lines and tokens or a one-line DataError', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-text-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_301));
  const counts = { ok: 0, rejected: 0 };
  for (let i = 0; i < caseCount(1000); i++) {
    const path = join(dir, `text-${i % 8}.txt`);
    await writeFile(path, mixedText(rng));
    await outcome(async () => {
      const { lines } = await readTextLines(path, { maxBytes: 1_000_000 });
      for (const line of lines) {
        assert.ok(!/[\r\n]/.test(line), 'a line holds a line end');
        for (const kind of TOKENIZER_KINDS) {
          const tokens = tokenize(line, { kind, lowercase: rng.uniform() < 0.5 });
          if (kind === 'byte') {
            // byte tokens keep spaces: they are the line's UTF-8 bytes, one per token, and give the line back
            const lowered = tokens.length > 0 && detokenize(tokens, kind) !== line.trim();
            assert.ok(tokens.every((t) => t.length === 1 && t.charCodeAt(0) < 256), 'byte: a token is not one byte');
            if (lowered) assert.equal(detokenize(tokens, kind), line.trim().toLowerCase());
          } else {
            assert.ok(tokens.every((t) => t !== '' && !/\s/u.test(t)), `${kind}: empty or blank token in ${JSON.stringify(tokens.slice(0, 5))}`);
            detokenize(tokens, kind);
          }
        }
      }
    }, `case ${i}`, counts);
  }
});

test('tokenize and detokenize: random strings of any code points (lone surrogates included) give tokens', () => {
  const rng = new Rng(fuzzSeed(20_302));
  for (let i = 0; i < caseCount(3000); i++) {
    const codes = Array.from({ length: rng.int(0, 60) }, () => (rng.uniform() < 0.7 ? rng.int(0x20, 0x7f) : rng.int(0, 0x11_0000)));
    const line = String.fromCodePoint(...codes.map((c) => (c >= 0xd800 && c < 0xe000 && rng.uniform() < 0.5 ? 0x41 : c)));
    for (const kind of TOKENIZER_KINDS) detokenize(tokenize(line, { kind, lowercase: i % 2 === 0 }), kind);
  }
});
