// Tests for readTextLines and the UTF-8 validator: line endings, BOM, blank lines, one-line errors with exact byte offsets, and speed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { readTextLines } from '../../src/data/read-text.js';
import { findInvalidUtf8 } from '../../src/data/utf8.js';
import { DataError } from '../../src/data/data-error.js';
import { Rng } from '../../src/engine/random.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

let dir: TempDir;
before(async () => {
  dir = await makeTempDir();
});
after(async () => {
  await dir.remove();
});

/** Asserts readTextLines rejects `path` with a one-line DataError naming it and matching `pattern`. */
async function assertDataError(path: string, pattern: RegExp, options = {}): Promise<void> {
  await assert.rejects(readTextLines(path, options), (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.equal(error.name, 'DataError');
    assert.ok(!/[\r\n]/u.test(error.message), `message is not one line: ${JSON.stringify(error.message)}`);
    assert.ok(error.message.includes(`'${path}'`), `message does not name the file: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

function bytes(...parts: (string | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
}

describe('readTextLines', () => {
  it('handles LF, CRLF and lone CR, strips a BOM, skips and counts blank lines', async () => {
    const path = await dir.write('mixed.txt', bytes([0xef, 0xbb, 0xbf], 'first line\r\nsecond\rthird\n\n  \t \r\n\u00a0\nfourth  \r\n\r\rlast'));
    const { lines, blankLines } = await readTextLines(path);
    assert.deepEqual(lines, ['first line', 'second', 'third', 'fourth', 'last']);
    assert.equal(blankLines, 5);
  });

  it('does not count the end of a final newline as a blank line', async () => {
    const path = await dir.write('trailing.txt', 'one\ntwo\n');
    assert.deepEqual(await readTextLines(path), { lines: ['one', 'two'], blankLines: 0 });
  });

  it('keeps multi-byte text intact', async () => {
    const path = await dir.write('unicode.txt', 'naïve café — 日本語 😀\n');
    assert.deepEqual((await readTextLines(path)).lines, ['naïve café — 日本語 😀']);
  });

  it('rejects a missing file, a directory, an empty file and a file of blank lines', async () => {
    await assertDataError(`${dir.path}/nope.txt`, /not found$/u);
    await assertDataError(dir.path, /is a directory/u);
    await assertDataError(await dir.write('empty.txt', ''), /has no text lines$/u);
    await assertDataError(await dir.write('blank.txt', '\n  \r\n\t\n'), /has no text lines$/u);
    await assertDataError(await dir.write('bom-only.txt', bytes([0xef, 0xbb, 0xbf], '\n')), /has no text lines$/u);
  });

  it('rejects binary input at the first NUL byte', async () => {
    const path = await dir.write('binary.bin', bytes('abc\n', [0x00, 0x01, 0x02]));
    await assertDataError(path, /looks binary: NUL byte at offset 4$/u);
  });

  const invalid: [string, Uint8Array, RegExp][] = [
    ['0xff', bytes('ab', [0xff], 'cd'), /is not UTF-8 text: invalid byte 0xff at offset 2$/u],
    ['0xff after multi-byte characters (byte, not character, offsets)', bytes('é日\n', [0xff]), /invalid byte 0xff at offset 6$/u],
    ['a truncated 3-byte sequence at EOF', bytes('hello ', [0xe2, 0x82]), /truncated sequence 0xe2 0x82 at end of file at offset 6$/u],
    ['an overlong 0xc0 0xaf', bytes('x', [0xc0, 0xaf], 'y'), /overlong encoding 0xc0 0xaf at offset 1$/u],
    ['a surrogate 0xed 0xa0 0x80', bytes('ok\n', [0xed, 0xa0, 0x80]), /UTF-16 surrogate 0xed 0xa0 0x80 at offset 3$/u],
    ['an overlong 3-byte 0xe0 0x80 0xaf', bytes([0xe0, 0x80, 0xaf]), /overlong encoding 0xe0 0x80 0xaf at offset 0$/u],
    ['an overlong 4-byte 0xf0 0x8f', bytes('a', [0xf0, 0x8f, 0xbf, 0xbf]), /overlong encoding 0xf0 0x8f 0xbf 0xbf at offset 1$/u],
    ['a code point above U+10FFFF', bytes('a', [0xf4, 0x90, 0x80, 0x80]), /above U\+10FFFF 0xf4 0x90 0x80 0x80 at offset 1$/u],
    ['a byte above 0xf4', bytes('abc', [0xf5, 0x80, 0x80, 0x80]), /invalid byte 0xf5 at offset 3$/u],
    ['a stray continuation byte', bytes('ab', [0x80]), /unexpected continuation byte 0x80 at offset 2$/u],
    ['a sequence cut short mid-file', bytes('a', [0xe2, 0x82], 'b'), /incomplete sequence 0xe2 0x82 followed by 0x62 at offset 1$/u],
  ];
  for (const [name, content, pattern] of invalid) {
    it(`rejects invalid UTF-8: ${name}`, async () => {
      await assertDataError(await dir.write('invalid.txt', content), pattern);
    });
  }

  it('rejects files over the size limit before reading them', async () => {
    const path = await dir.write('big.txt', 'x'.repeat(3000));
    await assertDataError(path, /is 2\.9 KiB, larger than the 2\.0 KiB limit \(maxBytes\)$/u, { maxBytes: 2048 });
    assert.equal((await readTextLines(path, { maxBytes: 3000 })).lines.length, 1);
    await assert.rejects(readTextLines(path, { maxBytes: 0 }), RangeError);
  });

  it('reads a 10 MB single line in well under a second', async (t) => {
    const rng = new Rng(7);
    const chars = 'abcdefghij ';
    const length = 10 * 1024 * 1024;
    const text = Buffer.alloc(length);
    for (let i = 0; i < length; i++) text[i] = chars.charCodeAt(rng.int(0, chars.length));
    text[0] = 0x61; // no leading or trailing whitespace, so the line comes back unchanged
    text[length - 1] = 0x62;
    const path = await dir.write('long-line.txt', text);
    const started = performance.now();
    const { lines } = await readTextLines(path);
    const elapsed = performance.now() - started;
    t.diagnostic(`10 MB single line read in ${elapsed.toFixed(0)} ms`);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].length, length);
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('reads many short lines with only one kind of line end in linear time', async () => {
    const path = await dir.write('many-lines.txt', 'a b c\n'.repeat(500_000));
    const started = performance.now();
    const { lines } = await readTextLines(path);
    assert.equal(lines.length, 500_000);
    assert.ok(performance.now() - started < 2000);
  });
});

describe('findInvalidUtf8', () => {
  it('accepts valid UTF-8 including the boundary code points', () => {
    const text = '\u0000\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\u{10000}\u{10ffff}';
    assert.equal(findInvalidUtf8(Buffer.from(text, 'utf8')), undefined);
  });

  it("agrees with Node's isUtf8, and the reported offset starts the first invalid sequence (seeded random bytes)", () => {
    const rng = new Rng(2024);
    const pieces = [[0x41], [0xc3, 0xa9], [0xe6, 0x97, 0xa5], [0xf0, 0x9f, 0x98, 0x80]];
    for (let trial = 0; trial < 3000; trial++) {
      const out: number[] = [];
      const length = rng.int(0, 12);
      for (let i = 0; i < length; i++) {
        if (rng.uniform() < 0.85) out.push(...pieces[rng.int(0, pieces.length)]);
        else out.push(rng.int(0x80, 0x100));
      }
      const data = Uint8Array.from(out);
      const problem = findInvalidUtf8(data);
      assert.equal(problem === undefined, isUtf8(data), `bytes ${Buffer.from(data).toString('hex')}`);
      if (problem !== undefined) {
        assert.ok(isUtf8(data.subarray(0, problem.offset)), 'the bytes before the offset are valid');
        for (let end = problem.offset + 1; end <= Math.min(data.length, problem.offset + 4); end++) {
          assert.ok(!isUtf8(data.subarray(problem.offset, end)), 'no valid character starts at the offset');
        }
      }
    }
  });
});
