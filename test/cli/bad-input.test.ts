// Bad input to the CLI: each case fails with one line naming the problem, a non-zero exit, and no file overwritten.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, truncate, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, tempDir, writeToyCorpus, smallLmFlags } from '../helpers/cli.js';

/** Path -> sha256 of every file under dir. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    out[path] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

function failsWithOneLine(args: string[], pattern: RegExp): void {
  const r = textforge(args);
  assert.notEqual(r.status, 0, `exit code for ${args.join(' ')}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
}

describe('bad input', () => {
  let dir: string;
  let corpus: string;
  let run: string;

  before(async () => {
    dir = await tempDir('tf-bad-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 300, 2);
    run = join(dir, 'run');
    const r = textforge([...smallLmFlags(corpus, run), '--epochs', '1']);
    assert.equal(r.status, 0, r.stderr);
  });

  const trainOn = (file: string, out: string) => ['train', 'lm', '--train', file, '--out', out, '--epochs', '1'];

  it('a missing file', async () => {
    failsWithOneLine(trainOn(join(dir, 'nope.txt'), join(dir, 'o1')), /nope\.txt.*not found/);
    await assert.rejects(stat(join(dir, 'o1', 'config.json')));
  });

  it('an empty file and a file of blank lines', async () => {
    await writeFile(join(dir, 'empty.txt'), '');
    failsWithOneLine(trainOn(join(dir, 'empty.txt'), join(dir, 'o2')), /empty\.txt' has no text lines/);
    await writeFile(join(dir, 'blank.txt'), '\n  \n\r\n');
    failsWithOneLine(trainOn(join(dir, 'blank.txt'), join(dir, 'o2')), /blank\.txt' has no text lines/);
  });

  it('a binary file', async () => {
    await writeFile(join(dir, 'model.bin'), Buffer.from([0x47, 0x49, 0x46, 0x38, 0x00, 0x01, 0x02, 0xff]));
    failsWithOneLine(trainOn(join(dir, 'model.bin'), join(dir, 'o3')), /model\.bin' looks binary: NUL byte at offset 4/);
  });

  it('invalid UTF-8, with the byte offset', async () => {
    await writeFile(join(dir, 'latin1.txt'), Buffer.concat([Buffer.from('a fine line\ncaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
    failsWithOneLine(trainOn(join(dir, 'latin1.txt'), join(dir, 'o4')), /latin1\.txt' is not UTF-8 text: .*offset 15/);
  });

  it('a 10 MB single line: alone it cannot be split; among other lines it is truncated and counted', async () => {
    const huge = `${'word '.repeat(2_000_000)}\n`;
    await writeFile(join(dir, 'huge.txt'), huge);
    failsWithOneLine(trainOn(join(dir, 'huge.txt'), join(dir, 'o5')), /huge\.txt/);
    await writeFile(join(dir, 'mixed.txt'), `${(await readFile(corpus, 'utf8'))}${huge}`);
    const r = textforge([...smallLmFlags(join(dir, 'mixed.txt'), join(dir, 'o6')), '--epochs', '1', '--max-len', '30']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 lines were truncated to --max-len/);
  });

  it('unknown flags and bad values', () => {
    failsWithOneLine(['train', 'lm', '--bogus'], /unknown option '--bogus'/);
    failsWithOneLine(['train', 'lm', '--batch-size', '0'], /--batch-size must be a positive integer, got '0'/);
    failsWithOneLine(['train', 'lm', '--cell', 'cnn'], /--cell.*cnn/);
    failsWithOneLine(['sample'], /missing required argument 'run'/);
  });

  it('a config file with an unknown setting', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ epochs: 1, learning_rate: 0.1 }));
    failsWithOneLine([...trainOn(corpus, join(dir, 'o7')), '--config', join(dir, 'bad.json')], /config '.*bad\.json': unknown setting 'learning_rate'/);
  });

  it('an existing run without --resume is not overwritten', async () => {
    const before = await snapshot(run);
    failsWithOneLine(trainOn(corpus, run), /already holds a run: pass --resume/);
    assert.deepEqual(await snapshot(run), before);
  });

  it('--resume of a run of another model', async () => {
    const other = join(dir, 'vae-run');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'config.json'), JSON.stringify({ model: 'seqvae', settings: {} }));
    const before = await snapshot(other);
    failsWithOneLine([...trainOn(corpus, other), '--resume'], /run '.*vae-run' holds a seqvae model, not lm/);
    assert.deepEqual(await snapshot(other), before);
  });

  it('--resume with different model settings', async () => {
    const before = await snapshot(run);
    failsWithOneLine([...smallLmFlags(corpus, run), '--hidden-size', '64', '--resume'], /setting 'hiddenSize' is 64 here but 32 in run/);
    assert.deepEqual(await snapshot(run), before);
  });

  it('a corrupted checkpoint', async () => {
    const copy = join(dir, 'corrupt');
    await cp(run, copy, { recursive: true });
    const ckpt = join(copy, 'checkpoints', 'last.safetensors');
    await truncate(ckpt, (await stat(ckpt)).size - 100);
    const before = await snapshot(copy);
    failsWithOneLine(['sample', copy, '--checkpoint', 'last'], /checkpoint .*last\.safetensors/);
    failsWithOneLine([...smallLmFlags(corpus, copy), '--epochs', '1', '--resume'], /checkpoint .*last\.safetensors/);
    assert.deepEqual(await snapshot(copy), before);
  });
});
