// SIGINT during eval and compare: exit 130 with one line, and no half-written output under its final name.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, textforge, textforgeAsync, writeToyCorpus, type AsyncExit } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/engine/checkpoint.js';

/** Run the CLI and send SIGINT once its stderr matches `when`; resolves with the exit code, stderr and whether it was signalled. */
async function interruptWhen(args: readonly string[], when: RegExp): Promise<AsyncExit & { signalled: boolean }> {
  let signalled = false;
  const exit = await textforgeAsync(args, {
    onStderr: (stderr, child) => {
      if (!signalled && when.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    },
  });
  return { ...exit, signalled };
}

/** Every file under `dir`, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('interrupting readers', () => {
  let dir: string;
  let corpus: string;
  before(async () => {
    dir = await tempDir('tf-interrupt-readers-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 300, 4);
  });

  it('eval of a sequence VAE with many importance samples stops on SIGINT with exit 130 and one line', async () => {
    const run = join(dir, 'vae');
    const trained = textforge(['train', 'seqvae', '--train', corpus, '--out', run, '--vocab-size', '100', '--batch-size', '16', '--epochs', '1', '--test-samples', '2', '--valid-samples', '2', '--seed', '1']);
    assert.equal(trained.status, 0, trained.stderr);
    const r = await interruptWhen(['eval', run, '--test', corpus, '--samples', '2000'], /importance-weighted NLL/);
    assert.ok(r.signalled, `eval ended before it could be interrupted: ${r.stderr}`);
    assert.equal(r.status, 130, r.stderr);
    const own = r.stderr.split('\n').filter((l) => l.startsWith('textforge:'));
    assert.deepEqual(own, ['textforge: interrupted (SIGINT)']);
  });

  it('compare stopped mid-training leaves no partial report, samples or checkpoint under a final name', async () => {
    const out = join(dir, 'compare');
    const r = await interruptWhen(['compare', '--train', corpus, '--test', corpus, '--models', 'lm,lm-gru', '--budget', '20s', '--samples', '50', '--out', out], /step \d+/);
    assert.ok(r.signalled, r.stderr);
    assert.equal(r.status, 130, r.stderr);
    const files = await filesUnder(out).catch(() => []);
    // a write cut short by the exit stays a temp file (removed when that run is resumed); every file under its final name is whole
    for (const f of files.filter((name) => name.endsWith('.safetensors'))) await loadCheckpoint(f);
    for (const f of files.filter((name) => /samples-[^/]*\.txt$|report\.(md|html)$|results\.json$/.test(name))) {
      const text = await readFile(f, 'utf8');
      assert.ok(text.endsWith('\n') || text.endsWith('>'), `${f} looks cut off`);
    }
    assert.equal(files.some((f) => /report\.(md|html)$/.test(f)), false, 'a report exists only when compare finished');
  });
});
