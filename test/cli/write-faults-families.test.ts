// Injected checkpoint write failures in seqvae and seqgan runs, and in a best-checkpoint copy: one line, the last checkpoint intact, an exact --resume.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, tempDir, writeToyCorpus, smallLmFlags } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/engine/checkpoint.js';

/** metrics.jsonl without wall-clock fields: what an exact replay must reproduce. */
async function replayable(run: string): Promise<unknown[]> {
  const lines = (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !/(_ms|_per_s)$/.test(k))));
}

/** Fails the `n`-th checkpoint write of `flags(out)` with `code`, checks the one line and the intact checkpoint, resumes, and compares with an uninterrupted run. */
async function failAndResume(dir: string, name: string, flags: (out: string) => string[], n: number, code: string, file: string): Promise<void> {
  const straight = join(dir, `${name}-straight`);
  const run = join(dir, `${name}-failed`);
  assert.equal(textforge(flags(straight)).status, 0);
  const failed = textforge(flags(run), { TEXTFORGE_FAIL_WRITE: `checkpoint:${n}:${code}` });
  assert.equal(failed.status, 1, failed.stderr);
  const lines = failed.stderr.trim().split('\n').filter((l) => l.startsWith('textforge:'));
  assert.equal(lines.length, 1, failed.stderr);
  assert.match(lines[0], new RegExp(`^textforge: could not write '${join(run, file)}': .* \\(${code}\\); the previous checkpoint is intact$`));
  assert.deepEqual((await readdir(run, { recursive: true })).filter((f) => f.includes('.tmp-')), []);
  await loadCheckpoint(join(run, 'checkpoints/last.safetensors'));
  const resumed = textforge([...flags(run), '--resume']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(await replayable(run), await replayable(straight));
  assert.equal(await readFile(join(run, 'samples/final.txt'), 'utf8'), await readFile(join(straight, 'samples/final.txt'), 'utf8'));
}

describe('textforge train seqvae / seqgan / best checkpoints under checkpoint write failures', () => {
  let dir: string;
  let corpus: string;

  before(async () => {
    dir = await tempDir('tf-write-faults-families-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 300, 5);
  });

  it('seqvae: a failed checkpoint write (EIO) mid-epoch, then an exact resume', async () => {
    const flags = (out: string) => ['train', 'seqvae', '--train', corpus, '--out', out, '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.003',
      '--kl-anneal', 'linear', '--kl-warmup', '20', '--word-dropout', '0.3', '--test-samples', '5', '--checkpoint-every', '4', '--seed', '2'];
    await failAndResume(dir, 'seqvae', flags, 3, 'EIO', 'checkpoints/last.safetensors');
  });

  it('seqgan: a failed checkpoint write (ENOSPC) in the adversarial phase, then an exact resume', async () => {
    const flags = (out: string) => [
      'train', 'seqgan', '--train', corpus, '--out', out, '--max-len', '12', '--vocab-size', '100', '--discriminator', 'small',
      '--mle-epochs', '1', '--mle-eval-every', '1', '--d-pretrain-rounds', '1', '--adversarial-steps', '3', '--negatives', '32',
      '--rollouts', '2', '--text-samples', '20', '--final-text-samples', '20', '--eval-every', '2', '--checkpoint-every', '1', '--batch-size', '16', '--seed', '3',
    ];
    // file 7 is an adversarial step's last.safetensors, written just after its new best.safetensors (file 6): the replay rewrites that best
    await failAndResume(dir, 'seqgan', flags, 7, 'ENOSPC', 'checkpoints/last.safetensors');
  });

  it('lm: a failed write of the last best checkpoint keeps last.safetensors as it was, so the resumed run ends with the same best model', async () => {
    // 3 epochs of 17 steps, --checkpoint-every 4: the last validation's save writes best (file 17) before last (file 18)
    const flags = (out: string) => [...smallLmFlags(corpus, out), '--epochs', '3', '--checkpoint-every', '4'];
    await failAndResume(dir, 'lm-best', flags, 17, 'ENOSPC', 'checkpoints/best.safetensors');
  });
});
