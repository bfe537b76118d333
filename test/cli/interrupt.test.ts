// SIGINT and SIGTERM during training: every family stops at a step boundary with a checkpoint and one line, and --resume ends exactly as an uninterrupted run.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, textforgeAsync, writeToyCorpus } from '../helpers/cli.js';

/** The CLI run asynchronously, so the families' runs overlap; `onSpawn` may signal the child. */
const run = (args: readonly string[], env: Record<string, string> = {}, onSpawn?: (child: ChildProcess) => void) => textforgeAsync(args, { env, onSpawn });

const WALL_CLOCK = /(_ms|_per_s)$/;

/** metrics.jsonl without wall-clock fields, and the final samples: what an interrupted and resumed run must reproduce. */
async function outcome(dir: string): Promise<{ metrics: string[]; samples: string }> {
  const lines = (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  const metrics = lines.map((l) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !WALL_CLOCK.test(k)))));
  return { metrics, samples: await readFile(join(dir, 'samples', 'final.txt'), 'utf8') };
}

/** The stderr lines the CLI itself wrote (progress lines aside): exactly one is expected. */
const ownLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('textforge:'));

interface Interruption {
  name: string;
  env: Record<string, string>;
  /** The step and phase the line must name. */
  step: number;
  phase: string;
}

/** Interrupt a run as `cut` says, check the exit and the line, and resume it to its end. */
async function interruptAndResume(family: string, args: readonly string[], out: string, cut: Interruption): Promise<void> {
  const signal = cut.env.TEXTFORGE_SIGNAL ?? 'SIGINT';
  const stopped = await run([...args, '--out', out], cut.env);
  assert.equal(stopped.status, signal === 'SIGTERM' ? 143 : 130, `${cut.name}: ${stopped.stderr}`);
  const lines = ownLines(stopped.stderr);
  assert.equal(lines.length, 1, `${cut.name}: ${stopped.stderr}`);
  const checkpoint = join(out, 'checkpoints', 'last.safetensors').replace(/[.\\/]/g, '\\$&');
  assert.match(lines[0], new RegExp(`^textforge: interrupted at step ${cut.step} \\(phase ${cut.phase}, epoch \\d+\\); checkpoint written to ${checkpoint}; continue with: textforge train ${family} <the same flags> --resume$`));
  const resumed = await run([...args, '--out', out, '--resume']);
  assert.equal(resumed.status, 0, `${cut.name} resumed: ${resumed.stderr}`);
  assert.match(resumed.stderr, new RegExp(`resumed from step ${cut.step} `));
}

describe('interrupting training (SIGINT, SIGTERM)', { concurrency: true }, () => {
  let dir: string;
  let toy: string;

  before(async () => {
    dir = await tempDir('tf-interrupt-');
    toy = await writeToyCorpus(join(dir, 'toy.txt'), 400, 3);
  });

  const families: { family: string; args: () => string[]; cuts: Interruption[] }[] = [
    {
      family: 'lm',
      args: () => ['train', 'lm', '--train', toy, '--embed-size', '16', '--hidden-size', '32', '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.01', '--log-every', '1', '--seed', '7', '--spike-guard', '4'],
      cuts: [
        { name: 'lm mid-epoch SIGINT', env: { TEXTFORGE_SIGNAL_AT_STEP: '7' }, step: 7, phase: 'train' },
        { name: 'lm SIGTERM during validation', env: { TEXTFORGE_SIGNAL_DURING_VALIDATION: '1', TEXTFORGE_SIGNAL: 'SIGTERM' }, step: 23, phase: 'train' },
      ],
    },
    {
      family: 'seqvae',
      args: () => ['train', 'seqvae', '--train', toy, '--vocab-size', '100', '--batch-size', '16', '--epochs', '2', '--lr', '0.003', '--kl-anneal', 'linear', '--kl-warmup', '20',
        '--word-dropout', '0.3', '--valid-samples', '3', '--test-samples', '5', '--log-every', '1', '--seed', '2', '--embed-size', '16', '--hidden-size', '16', '--latent-size', '4'],
      cuts: [
        { name: 'seqvae mid-epoch SIGINT', env: { TEXTFORGE_SIGNAL_AT_STEP: '10' }, step: 10, phase: 'train' },
        { name: 'seqvae SIGINT during validation', env: { TEXTFORGE_SIGNAL_DURING_VALIDATION: '1' }, step: 23, phase: 'train' },
      ],
    },
    {
      family: 'seqgan',
      args: () => ['train', 'seqgan', '--train', toy, '--max-len', '12', '--vocab-size', '100', '--discriminator', 'small',
        '--mle-epochs', '2', '--mle-eval-every', '1', '--d-pretrain-rounds', '2', '--adversarial-steps', '3', '--negatives', '64',
        '--rollouts', '2', '--text-samples', '50', '--final-text-samples', '60', '--eval-every', '2', '--checkpoint-every', '1', '--batch-size', '16', '--seed', '3'],
      cuts: [
        { name: 'seqgan mid-epoch SIGINT (mle)', env: { TEXTFORGE_SIGNAL_AT_STEP: '10' }, step: 10, phase: 'mle' },
        // the 3rd validation is the adversarial phase's first (the mle phase validates after each of its 2 epochs)
        { name: 'seqgan SIGTERM during adversarial validation', env: { TEXTFORGE_SIGNAL_DURING_VALIDATION: '3', TEXTFORGE_SIGNAL: 'SIGTERM' }, step: 50, phase: 'adversarial' },
      ],
    },
  ];

  for (const { family, args, cuts } of families) {
    it(`${family}: stops with a checkpoint and one line, and --resume reproduces the uninterrupted run`, async () => {
      const outs = cuts.map((_, i) => join(dir, `${family}-cut${i}`));
      const [whole] = await Promise.all([run([...args(), '--out', join(dir, `${family}-whole`)]), ...cuts.map((cut, i) => interruptAndResume(family, args(), outs[i], cut))]);
      assert.equal(whole.status, 0, whole.stderr);
      const expected = await outcome(join(dir, `${family}-whole`));
      // every training record logs a gradient norm (the generator's, the discriminator's in d-pretrain), so divergence shows early
      for (const line of expected.metrics.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => 'loss' in r && !('split' in r))) {
        assert.equal(typeof (line.gradNorm ?? line.d_grad_norm), 'number', JSON.stringify(line));
      }
      for (const [i, cut] of cuts.entries()) assert.deepEqual(await outcome(outs[i]), expected, `${cut.name}: the resumed run differs from the uninterrupted one`);
    });
  }

  it('a second SIGINT exits at once with 130, and the last checkpoint stays loadable', async () => {
    const out = join(dir, 'double');
    const args = ['train', 'lm', '--train', toy, '--out', out, '--embed-size', '16', '--hidden-size', '32', '--vocab-size', '100', '--batch-size', '16', '--epochs', '50', '--checkpoint-every', '3', '--seed', '7'];
    const last = join(out, 'checkpoints', 'last.safetensors');
    const stopped = await run(args, {}, (child) => {
      const poll = setInterval(() => {
        access(last).then(() => {
          clearInterval(poll);
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 5);
        }, () => undefined);
      }, 20);
    });
    assert.equal(stopped.status, 130, stopped.stderr);
    const lines = ownLines(stopped.stderr);
    assert.equal(lines.length, 1, stopped.stderr);
    // the second signal usually lands while the step runs; if the first had already stopped the run, its line is the one
    assert.match(lines[0], /^textforge: (interrupted again \(SIGINT\): exiting at once; the last checkpoint written is intact|interrupted at step \d+ .*--resume)$/);
    const sample = await run(['sample', out, '--count', '2', '--checkpoint', 'last']);
    assert.equal(sample.status, 0, sample.stderr);
  });
});
