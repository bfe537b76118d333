// One writer per run: the lock refuses a second writer while its holder lives, is taken over from a dead one, lets only one of racing processes win, and goes when training ends.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { acquireRunLock, LOCK_FILE, type LockOwner } from '../../src/train/run-lock.js';
import { RunDir, RunError, exists } from '../../src/train/run-dir.js';
import { trainFamily } from '../../src/train/family.js';
import { lmFamily } from '../../src/models/lm/family.js';
import { LM_DEFAULTS, type LmSettings } from '../../src/models/lm/settings.js';
import { tempDir, writeToyCorpus } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const RUN_LOCK_JS = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../../src/train/run-lock.js')).href;

function ownerWith(pid: number, startedAt = new Date().toISOString()): LockOwner {
  return { pid, host: hostname(), startedAt, token: 'feedfacefeedface' };
}

async function writeLock(dir: string, owner: LockOwner): Promise<void> {
  await writeFile(join(dir, LOCK_FILE), JSON.stringify(owner));
}

/** The pid of a process that has exited (and been reaped), so `kill(pid, 0)` gives ESRCH. */
function deadPid(): number {
  const child = spawnSync('true');
  assert.ok(child.pid !== undefined && child.pid > 0);
  return child.pid;
}

/** Child node processes that each try to take the lock of `dir`, hold it `holdMs` if they win, and print 'won' or the refusal. */
async function raceInChildren(dir: string, count: number, holdMs: number): Promise<string[]> {
  const script = `
    const { acquireRunLock } = await import(${JSON.stringify(RUN_LOCK_JS)});
    try {
      const lock = await acquireRunLock(${JSON.stringify(dir)});
      console.log('won');
      await new Promise((r) => setTimeout(r, ${holdMs}));
      await lock.release();
    } catch (e) { console.log(e.message); }`;
  const outputs = Array.from({ length: count }, () => new Promise<string>((done) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.on('close', () => done(text.trim()));
  }));
  return Promise.all(outputs);
}

describe('run lock', () => {
  it('is written as lock.json naming this process, and release removes it', async () => {
    const dir = await tempDir('tf-lock-');
    const lock = await acquireRunLock(dir);
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockOwner;
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.host, hostname());
    assert.equal(owner.token, lock.owner.token);
    assert.ok(Number.isFinite(Date.parse(owner.startedAt)));
    await lock.release();
    assert.deepEqual(await readdir(dir), []); // no lock, no temp file left
    await (await acquireRunLock(dir)).release(); // and it can be taken again
  });

  it('is refused while this process holds it, naming the pid', async () => {
    const dir = await tempDir('tf-lock-');
    const lock = await acquireRunLock(dir);
    await assert.rejects(acquireRunLock(dir), (e: Error) => e instanceof RunError && e.message.startsWith(`run '${dir}' is being written by process ${process.pid} (started `) && e.message.endsWith('; wait for it or stop it') && !e.message.includes('\n'));
    await lock.release();
  });

  it('is refused while held by another live process', async () => {
    const dir = await tempDir('tf-lock-');
    const sleeper = spawn('sleep', ['30']);
    try {
      assert.ok(sleeper.pid !== undefined);
      await writeLock(dir, ownerWith(sleeper.pid, '2026-12-02T16:40:00.123Z'));
      await assert.rejects(acquireRunLock(dir), { message: `run '${dir}' is being written by process ${sleeper.pid} (started 2026-12-02T16:40:00Z); wait for it or stop it` });
      assert.equal((JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockOwner).pid, sleeper.pid); // untouched
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('held on another host is treated as live (its pid cannot be checked)', async () => {
    const dir = await tempDir('tf-lock-');
    await writeLock(dir, { ...ownerWith(deadPid()), host: 'elsewhere.example' });
    await assert.rejects(acquireRunLock(dir), /is being written by process \d+ on host elsewhere\.example \(started /);
  });

  it('left by a process that is gone is taken over, with a note', async () => {
    const dir = await tempDir('tf-lock-');
    const pid = deadPid();
    await writeLock(dir, ownerWith(pid, '2026-12-02T16:40:00.000Z'));
    const notes: string[] = [];
    const lock = await acquireRunLock(dir, (line) => notes.push(line));
    assert.deepEqual(notes, [`took over the lock of process ${pid} (started 2026-12-02T16:40:00Z), which is no longer running`]);
    assert.equal((JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockOwner).token, lock.owner.token);
    await lock.release();
    assert.deepEqual(await readdir(dir), []);
  });

  it('left by an earlier process with our own pid (a restarted container) is taken over', async () => {
    const dir = await tempDir('tf-lock-');
    await writeLock(dir, ownerWith(process.pid, '2000-01-01T00:00:00.000Z'));
    const notes: string[] = [];
    await (await acquireRunLock(dir, (line) => notes.push(line))).release();
    assert.equal(notes.length, 1);
  });

  it('that is unreadable is taken over, with a note', async () => {
    const dir = await tempDir('tf-lock-');
    await writeFile(join(dir, LOCK_FILE), '{"pid": 12');
    const notes: string[] = [];
    await (await acquireRunLock(dir, (line) => notes.push(line))).release();
    assert.deepEqual(notes, [`took over the lock of run '${dir}': its lock.json was unreadable`]);
  });

  it('release leaves alone a lock that is no longer ours', async () => {
    const dir = await tempDir('tf-lock-');
    const lock = await acquireRunLock(dir);
    await writeLock(dir, ownerWith(process.pid));
    await lock.release();
    assert.ok(await exists(join(dir, LOCK_FILE)));
  });

  it('is removed when its process exits without releasing it', async () => {
    const dir = await tempDir('tf-lock-');
    const script = `const { acquireRunLock } = await import(${JSON.stringify(RUN_LOCK_JS)}); await acquireRunLock(${JSON.stringify(dir)}); process.exit(3);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 3, child.stderr);
    assert.deepEqual(await readdir(dir), []);
  });

  it('of many racing acquisitions in this process, exactly one wins', async () => {
    const dir = await tempDir('tf-lock-');
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireRunLock(dir)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.match((r.reason as Error).message, /is being written by process/);
      else await r.value.release();
    }
  });

  it('of racing processes, exactly one wins', async () => {
    const dir = await tempDir('tf-lock-');
    const outputs = await raceInChildren(dir, 4, 1500);
    assert.equal(outputs.filter((o) => o === 'won').length, 1, outputs.join(' | '));
    for (const o of outputs.filter((o) => o !== 'won')) assert.match(o, /^run '.*' is being written by process \d+ \(started .*\); wait for it or stop it$/);
    assert.deepEqual(await readdir(dir), []);
  });

  it('of racing processes taking over a dead lock, exactly one wins', async () => {
    const dir = await tempDir('tf-lock-');
    await writeLock(dir, ownerWith(deadPid()));
    const outputs = await raceInChildren(dir, 4, 1500);
    assert.equal(outputs.filter((o) => o === 'won').length, 1, outputs.join(' | '));
    assert.deepEqual(await readdir(dir), []);
  });
});

describe('the lock of a training run', () => {
  async function lmSettings(prefix: string): Promise<LmSettings> {
    const dir = await tempDir(prefix);
    const train = await writeToyCorpus(join(dir, 'train.txt'), 80, 3);
    return { ...LM_DEFAULTS, train, out: join(dir, 'run'), embedSize: 8, hiddenSize: 16, vocabSize: 60, batchSize: 16, epochs: 1, logEvery: 5, seed: 5 };
  }

  it('is taken before anything is written and refuses a second writer, fresh or resuming', async () => {
    const settings = await lmSettings('tf-lock-train-');
    await trainFamily(lmFamily, settings, { progress: quietProgress() });
    const before = await readFile(join(settings.out, 'config.json'), 'utf8');
    const held = await acquireRunLock(settings.out);
    await assert.rejects(trainFamily(lmFamily, { ...settings, epochs: 2 }, { progress: quietProgress(), resume: true }), /is being written by process/);
    await held.release();
    assert.equal(await readFile(join(settings.out, 'config.json'), 'utf8'), before);

    const fresh = await lmSettings('tf-lock-train-');
    await RunDir.create(fresh.out);
    const other = await acquireRunLock(fresh.out);
    await assert.rejects(trainFamily(lmFamily, fresh, { progress: quietProgress() }), /is being written by process/);
    await other.release();
    assert.deepEqual((await readdir(fresh.out)).sort(), ['checkpoints', 'samples']); // no config.json, vocab.json or metrics.jsonl
  });

  it('is released when training ends, normally or with an error', async () => {
    const settings = await lmSettings('tf-lock-train-');
    await trainFamily(lmFamily, settings, { progress: quietProgress() });
    assert.equal(await exists(join(settings.out, LOCK_FILE)), false);
    await assert.rejects(trainFamily(lmFamily, { ...settings, epochs: 2, lr: 0.02 }, { progress: quietProgress(), resume: true }), /--resume: setting 'lr'/);
    assert.equal(await exists(join(settings.out, LOCK_FILE)), false);
    const empty = await lmSettings('tf-lock-train-');
    await writeFile(empty.train!, 'one line only\n');
    await assert.rejects(trainFamily(lmFamily, empty, { progress: quietProgress() }), /too few to split/); // thrown while the lock is held
    assert.equal(await exists(join(empty.out, LOCK_FILE)), false);
  });
});

describe('readers of a run being written', () => {
  it('read metrics.jsonl without a last line cut off mid-append', async () => {
    const dir = await tempDir('tf-lock-metrics-');
    await writeFile(join(dir, 'config.json'), '{}');
    await writeFile(join(dir, 'metrics.jsonl'), '{"step":1,"loss":2.5}\n{"step":2,"loss":2.4}\n{"step":3,"lo');
    const run = await RunDir.open(dir);
    assert.deepEqual(await run.readMetrics(), [{ step: 1, loss: 2.5 }, { step: 2, loss: 2.4 }]);
  });

  it('keep the lock file: removeStaleTempFiles leaves lock.json alone', async () => {
    const dir = await tempDir('tf-lock-stale-');
    const run = await RunDir.create(dir);
    const lock = await acquireRunLock(dir);
    await writeFile(join(dir, 'config.json.tmp-1-2-abcd1234'), 'partial');
    assert.deepEqual(await run.removeStaleTempFiles(), ['config.json.tmp-1-2-abcd1234']);
    assert.ok(await exists(join(dir, LOCK_FILE)));
    await lock.release();
  });
});
