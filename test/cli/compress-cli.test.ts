// textforge compress / decompress from the command line: round trips with a byte-level run and the adaptive model, one-line errors, --force, and interrupted runs that write nothing.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, textforge, textforgeAsync, writeToyCorpus } from '../helpers/cli.js';
import { Rng } from '../../src/engine/random.js';

const oneLine = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('textforge:'));

describe('textforge compress', () => {
  let dir = '';
  let run = '';
  let otherRun = '';
  let text = '';
  const env: Record<string, string> = {};

  before(async () => {
    dir = await tempDir('tf-compress-');
    env.TEXTFORGE_HOME = join(dir, 'home'); // no default model here: nothing may train it behind a test's back
    const corpus = await writeToyCorpus(join(dir, 'toy.txt'), 600, 3);
    const train = (out: string, seed: string) => textforge(['train', 'lm', '--train', corpus, '--tokenizer', 'byte', '--mode', 'stream', '--no-lowercase', '--max-len', '500',
      '--embed-size', '8', '--hidden-size', '24', '--batch-size', '8', '--bptt', '20', '--epochs', '1', '--seed', seed, '--out', out], env);
    run = join(dir, 'run');
    otherRun = join(dir, 'other');
    for (const [out, seed] of [[run, '1'], [otherRun, '2']]) {
      const r = train(out, seed);
      assert.equal(r.status, 0, r.stderr);
    }
    const rng = new Rng(5);
    text = join(dir, 'input.bin');
    const bytes = Buffer.concat([await readFile(corpus), Buffer.from('Caf\u00e9 \r\n\u{1F600}\n', 'utf8'), Buffer.from(Array.from({ length: 300 }, () => rng.int(0, 256)))]);
    await writeFile(text, bytes);
  });

  it('compresses with a run and restores the file exactly; an existing output needs --force', async () => {
    const archive = join(dir, 'a.tfz');
    const restored = join(dir, 'a.out');
    const c = textforge(['compress', run, text, archive, '--threads', '1', '--lanes', '4'], env);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /bits per byte, 4 lanes/);
    const d = textforge(['decompress', archive, restored], env);
    assert.equal(d.status, 0, d.stderr);
    assert.deepEqual(await readFile(restored), await readFile(text));
    const again = textforge(['compress', run, text, archive, '--threads', '1'], env);
    assert.equal(again.status, 1);
    assert.deepEqual(oneLine(again.stderr), [`textforge: compress: '${archive}' exists (pass --force to overwrite it)`]);
    assert.equal(textforge(['compress', run, text, archive, '--threads', '1', '--lanes', '4', '--force'], env).status, 0);
  });

  it('refuses another run, another thread count, a damaged archive and bad input with one line and exit 1', async () => {
    const archive = join(dir, 'b.tfz');
    assert.equal(textforge(['compress', run, text, archive, '--threads', '1'], env).status, 0);
    const damaged = join(dir, 'damaged.tfz');
    const bytes = await readFile(archive);
    bytes[bytes.length - 10] ^= 1;
    await writeFile(damaged, bytes);
    await mkdir(join(dir, 'adir'), { recursive: true });
    const charRun = join(dir, 'char');
    assert.equal(textforge(['train', 'lm', '--train', join(dir, 'toy.txt'), '--tokenizer', 'char', '--embed-size', '8', '--hidden-size', '8', '--epochs', '1', '--out', charRun], env).status, 0);
    const cases: [string[], RegExp][] = [
      [['decompress', archive, join(dir, 'x1'), '--run', otherRun], /made with model [0-9a-f]{12}, this model is/],
      [['decompress', archive, join(dir, 'x2'), '--threads', '2'], /made with 1 threads, --threads 2 was asked for/],
      [['decompress', damaged, join(dir, 'x3')], /payload is damaged/],
      [['decompress', text, join(dir, 'x4')], /not a textforge archive/],
      [['compress', run, join(dir, 'missing.txt'), join(dir, 'x5')], /'.*missing\.txt' not found/],
      [['compress', run, join(dir, 'adir'), join(dir, 'x6')], /is a directory/],
      [['compress', run, text, text], /is the input file/],
      [['compress', charRun, text, join(dir, 'x7')], /uses the char tokenizer; compress takes byte-level runs/],
      [['compress', text], /needs IN OUT or RUN IN OUT/],
    ];
    for (const [args, message] of cases) {
      const r = textforge(args, env);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      const lines = oneLine(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], message);
    }
    for (const n of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']) assert.equal(existsSync(join(dir, n)), false, `${n} was written`);
  });

  it('a word-level run codes any file too: its tokens, with <unk> spellings, separators and case beside them', async () => {
    const wordRun = join(dir, 'word');
    const r = textforge(['train', 'lm', '--train', join(dir, 'toy.txt'), '--embed-size', '8', '--hidden-size', '16', '--epochs', '1', '--mode', 'stream', '--out', wordRun], env);
    assert.equal(r.status, 0, r.stderr);
    const archive = join(dir, 'w.tfz');
    const restored = join(dir, 'w.out');
    assert.equal(textforge(['compress', wordRun, text, archive, '--threads', '1', '--lanes', '3'], env).status, 0);
    const d = textforge(['decompress', archive, restored], env);
    assert.equal(d.status, 0, d.stderr);
    assert.deepEqual(await readFile(restored), await readFile(text));
  });

  it('--adaptive needs no run: the archive holds the model spec, and decompress restores the file', async () => {
    const archive = join(dir, 'c.tfz');
    const restored = join(dir, 'c.out');
    const c = textforge(['compress', '--adaptive', '--adaptive-hidden', '16', '--adaptive-block', '8', text, archive, '--threads', '1', '--lanes', '2'], env);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /adaptive/);
    const d = textforge(['decompress', archive, restored, '--json'], env);
    assert.equal(d.status, 0, d.stderr);
    assert.equal(JSON.parse(d.stdout).bytes, (await readFile(text)).length);
    assert.deepEqual(await readFile(restored), await readFile(text));
  });

  it('an interrupted compression (SIGINT, or SIGKILL) leaves no output under the final name', async () => {
    const big = join(dir, 'big.txt');
    await writeFile(big, (await readFile(text)).toString('latin1').repeat(40), 'latin1');
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const out = join(dir, `killed-${signal}.tfz`);
      const result = await textforgeAsync(['compress', '--adaptive', big, out, '--threads', '1', '--lanes', '1'], { env, onSpawn: (child) => setTimeout(() => child.kill(signal), 2500) });
      if (signal === 'SIGINT') {
        assert.equal(result.status, 130, result.stderr);
        assert.match(result.stderr, /interrupted \(SIGINT\); nothing was written/);
      } else assert.equal(result.signal, 'SIGKILL');
      assert.equal(existsSync(out), false, `${signal}: ${out} exists`);
    }
  });
});
