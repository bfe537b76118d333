// One writer per run, from the command line: a second `train --out` or `--resume` on a run being trained is refused naming its process, readers work meanwhile, and a killed writer's lock is taken over.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exists } from '../../src/train/run-dir.js';
import { CLI, smallLmFlags, tempDir, textforge, writeToyCorpus } from '../helpers/cli.js';

async function hashOf(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A reader's outcome while the run trains: success, or one `textforge:` line (e.g. no checkpoint yet), never a stack trace. */
function assertReadOk(label: string, r: { status: number | null; stderr: string }): boolean {
  if (r.status === 0) return true;
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${label}: ${r.stderr}`);
  assert.match(lines[0], /^textforge: /, label);
  return false;
}

describe('textforge train on a run another process is writing', () => {
  it('refuses a second writer naming it, lets readers read, and takes over the lock once it is killed', { timeout: 60_000 }, async () => {
    const dir = await tempDir('tf-cli-lock-');
    const train = await writeToyCorpus(join(dir, 'train.txt'), 300, 11);
    const out = join(dir, 'run');
    const flags = [...smallLmFlags(train, out).filter((_, i, a) => a[i - 1] !== '--epochs' && a[i] !== '--epochs'), '--epochs', '500', '--checkpoint-every', '5']; // far more than it runs: it is killed;
    const logFd = openSync(join(dir, 'first.log'), 'w'); // a file, not a pipe: a pipe nobody reads during spawnSync calls could fill and stall the writer
    const first = spawn(CLI, flags, { stdio: ['ignore', 'ignore', logFd] });
    closeSync(logFd);
    const exited = new Promise<void>((done) => first.on('exit', () => done()));
    try {
      await waitFor('the first run\'s config.json and checkpoint', async () => (await exists(join(out, 'config.json'))) && exists(join(out, 'checkpoints', 'last.safetensors')), 20_000);
      const before = { config: await hashOf(join(out, 'config.json')), vocab: await hashOf(join(out, 'vocab.json')) };
      const refusal = new RegExp(`^textforge: run '${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is being written by process ${first.pid} \\(started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); wait for it or stop it\\n$`);

      const fresh = textforge(flags);
      assert.notEqual(fresh.status, 0);
      assert.match(fresh.stderr, refusal);
      const resumed = textforge([...flags, '--resume']);
      assert.notEqual(resumed.status, 0);
      assert.match(resumed.stderr, refusal);

      let read = 0;
      for (let round = 0; round < 3; round += 1) {
        if (assertReadOk('info', textforge(['info', out, '--json']))) read += 1;
        if (assertReadOk('sample', textforge(['sample', out, '--count', '2', '--json']))) read += 1;
      }
      assert.ok(read > 0, 'some reads succeed while the run trains (its checkpoint exists)');
      // (first.exitCode stays null while spawnSync blocks the event loop: the lock file says whether it still trains)
      assert.ok(await exists(join(out, 'lock.json')), 'the first run is still training');
      assert.deepEqual({ config: await hashOf(join(out, 'config.json')), vocab: await hashOf(join(out, 'vocab.json')) }, before);
    } finally {
      first.kill('SIGKILL');
      await exited;
    }
    assert.ok(await exists(join(out, 'lock.json')), 'a killed writer leaves its lock');
    const taken = textforge([...flags.filter((_, i, a) => a[i - 1] !== '--epochs' && a[i] !== '--epochs'), '--epochs', '1', '--resume']);
    assert.equal(taken.status, 0, taken.stderr);
    assert.ok(taken.stderr.includes(`took over the lock of process ${first.pid} (started `), taken.stderr);
    assert.ok(taken.stderr.includes('which is no longer running'), taken.stderr);
    assert.equal(await exists(join(out, 'lock.json')), false, 'released when the resumed training ends');
  });
});
