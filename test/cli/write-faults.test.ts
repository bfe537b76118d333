// Injected write failures (ENOSPC, EIO) of every run file during training: one line, non-zero exit, the last checkpoint intact, and an exact --resume.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { textforge, tempDir, writeToyCorpus, smallLmFlags } from '../helpers/cli.js';
import { loadCheckpoint } from '../../src/engine/checkpoint.js';

/** metrics.jsonl without wall-clock fields: what an exact replay must reproduce. */
async function replayable(run: string): Promise<unknown[]> {
  const lines = (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !/(_ms|_per_s)$/.test(k))));
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Temp files anywhere in the run: a failed atomic write must remove its own. */
async function tempFiles(run: string): Promise<string[]> {
  const names = await readdir(run, { recursive: true });
  return names.filter((n) => n.includes('.tmp-'));
}

/** The step of the run's last checkpoint, loading (and so validating) the whole file. */
async function lastCheckpointStep(run: string): Promise<number> {
  const { metadata } = await loadCheckpoint(join(run, 'checkpoints/last.safetensors'));
  return (metadata as { position: { step: number } }).position.step;
}

/** The failed run printed exactly one line, a `textforge:` line naming `file` and the problem, and exited non-zero. */
function assertOneLineFailure(r: { status: number | null; stderr: string }, file: string, code: string): string {
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('textforge:'));
  assert.equal(lines.length, 1, r.stderr);
  const words = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  assert.ok(lines[0].includes(`'${file}'`) && lines[0].includes(`${words} (${code})`), lines[0]);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return lines[0];
}

describe('textforge train under write failures', () => {
  let dir: string;
  let corpus: string;
  let straight: string;
  const lmFlags = (out: string) => [...smallLmFlags(corpus, out), '--checkpoint-every', '4'];

  before(async () => {
    dir = await tempDir('tf-write-faults-');
    corpus = await writeToyCorpus(join(dir, 'toy.txt'), 300, 1);
    straight = join(dir, 'straight');
    const r = textforge(lmFlags(straight));
    assert.equal(r.status, 0, r.stderr);
  });

  // lm with --checkpoint-every 4 on 300 sentences (17 steps an epoch): checkpoint files at steps 4, 8, 12, 16, 17 (+ best), ...; metrics lines every 5 steps
  for (const code of ['ENOSPC', 'EIO']) {
    for (const [kind, n, file, keptStep] of [['checkpoint', 3, 'checkpoints/last.safetensors', 8], ['metrics', 3, 'metrics.jsonl', 12], ['samples', 1, 'samples/final.txt', 34]] as const) {
      it(`${kind} write ${n} fails with ${code}: one line, the last checkpoint intact, and --resume continues exactly`, async () => {
        const run = join(dir, `${kind}-${code}`);
        const failed = textforge(lmFlags(run), { TEXTFORGE_FAIL_WRITE: `${kind}:${n}:${code}` });
        const line = assertOneLineFailure(failed, join(run, file), code);
        if (kind === 'checkpoint') assert.match(line, /; the previous checkpoint is intact$/);
        assert.deepEqual(await tempFiles(run), []);
        assert.equal(await lastCheckpointStep(run), keptStep);
        const resumed = textforge([...lmFlags(run), '--resume']);
        assert.equal(resumed.status, 0, resumed.stderr);
        assert.deepEqual(await replayable(run), await replayable(straight));
        assert.equal(await readFile(join(run, 'samples/final.txt'), 'utf8'), await readFile(join(straight, 'samples/final.txt'), 'utf8'));
      });
    }
    for (const [kind, file] of [['vocab', 'vocab.json'], ['config', 'config.json']] as const) {
      it(`${kind}.json write fails with ${code}: one line before training, nothing half-written, and a new run in the folder works`, async () => {
        const run = join(dir, `${kind}-${code}`);
        const failed = textforge(lmFlags(run), { TEXTFORGE_FAIL_WRITE: `${kind}:1:${code}` });
        assertOneLineFailure(failed, join(run, file), code);
        assert.deepEqual(await tempFiles(run), []);
        assert.equal(await exists(join(run, 'config.json')), false, 'config.json is written last, so the folder holds no run');
        assert.equal(await exists(join(run, 'checkpoints/last.safetensors')), false);
        const resumed = textforge([...lmFlags(run), '--resume']);
        assert.notEqual(resumed.status, 0);
        assert.match(resumed.stderr, /^textforge: .*config\.json is missing/);
        if (code !== 'ENOSPC') return; // the same path as ENOSPC: one fresh run is enough to show the folder is reusable
        const again = textforge(lmFlags(run));
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(await replayable(run), await replayable(straight));
      });
    }
  }

  it('the checkpoint left by a failed write is sampled from by the CLI', () => {
    const r = textforge(['sample', join(dir, 'checkpoint-ENOSPC'), '--checkpoint', 'last', '--count', '2']);
    assert.equal(r.status, 0, r.stderr);
  });

  it('a read-only output folder is one line before any training', async () => {
    const file = join(dir, 'a-file.txt');
    await writeFile(file, 'not a folder\n');
    const underFile = textforge(lmFlags(join(file, 'run')));
    assert.equal(underFile.status, 1);
    assert.match(underFile.stderr, /^textforge: cannot write to run directory '.*a-file\.txt\/run': .*\(ENOTDIR\)\n$/);
    if (process.getuid?.() === 0) {
      console.log('# skipped the chmod 0o555 case: running as root, which writes to read-only folders');
      return;
    }
    const readOnly = join(dir, 'read-only');
    await mkdir(readOnly, { mode: 0o555 });
    const r = textforge(lmFlags(readOnly));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^textforge: cannot write to run directory '.*read-only': permission denied \(EACCES\)\n$/);
  });
});
