// Runs written before phased runs (test/fixtures/legacy-runs, made by textforge at a8c6dde) still open for sample, eval and info, with the numbers that version printed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, textforge } from '../helpers/cli.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/legacy-runs');

interface Expected {
  sample: Record<string, string>;
  eval: Record<string, Record<string, unknown>>;
}

describe('runs written before phased runs', () => {
  const expected = async () => JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8')) as Expected;

  for (const family of ['lm', 'seqvae', 'seqgan']) {
    it(`a ${family} run samples the same sentences as the version that wrote it, and info reads it`, async () => {
      const r = textforge(['sample', join(FIXTURES, family), '--count', '3', '--seed', '2']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, (await expected()).sample[family]);
      const info = textforge(['info', join(FIXTURES, family), '--json']);
      assert.equal(info.status, 0, info.stderr);
      const summary = JSON.parse(info.stdout) as { model: string; steps: number; checkpoints: { last: boolean; best: boolean } };
      assert.equal(summary.model, family);
      assert.ok(summary.steps > 0);
    });
  }

  for (const [family, extra] of [['lm', []], ['seqvae', ['--samples', '3']]] as const) {
    it(`a ${family} run scores a file as the version that wrote it did`, async () => {
      const r = textforge(['eval', join(FIXTURES, family), '--test', join(FIXTURES, 'toy.txt'), '--json', ...extra]);
      assert.equal(r.status, 0, r.stderr);
      const { run: _run, file: _file, ...values } = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(values, (await expected()).eval[family]);
    });
  }

  it('resuming one is refused with a one-line message saying what to do', async () => {
    // the run's own settings (relative paths, as it was started), in a copy of it
    const dir = await tempDir('tf-legacy-');
    await cp(FIXTURES, dir, { recursive: true });
    // the fixture keeps only best; the run had last as well (the same bytes at its end)
    await cp(join(dir, 'lm/checkpoints/best.safetensors'), join(dir, 'lm/checkpoints/last.safetensors'));
    const r = textforge(['train', 'lm', '--train', 'toy.txt', '--out', 'lm', '--embed-size', '8', '--hidden-size', '16', '--vocab-size', '50', '--batch-size', '16', '--epochs', '2', '--seed', '1', '--resume'], {}, dir);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /^textforge: run '.*lm': its checkpoint was written by a textforge before phased runs; it can be sampled, evaluated and inspected but not resumed: start a new run\n$/);
  });
});
