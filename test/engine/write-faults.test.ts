// Write-failure injection and its one-line errors at the file level: atomic writes keep the old file, a failed metrics append leaves no partial line, and a torn last line is skipped.
import { describe, it, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { writeFileAtomic } from '../../src/engine/atomic-write.js';
import { appendLine } from '../../src/engine/append-line.js';
import { writeKindOf } from '../../src/engine/fault-injection.js';
import { WriteError, describeFsError } from '../../src/engine/write-error.js';
import { RunDir } from '../../src/train/run-dir.js';

describe('write failures', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('tf-write-faults-engine-');
  });
  afterEach(() => {
    delete process.env.TEXTFORGE_FAIL_WRITE;
  });

  it('tells the kind of a run file by its name', () => {
    const cases: Record<string, string> = {
      'r/checkpoints/last.safetensors': 'checkpoint', 'r/metrics.jsonl': 'metrics', 'r/vocab.json': 'vocab', 'r/config.json': 'config',
      'r/samples/final.txt': 'samples', 'c/report.md': 'report', 'c/results.json': 'report', 'r/plots/nll-oracle.svg': 'report', 'r/other.txt': 'other',
    };
    for (const [path, kind] of Object.entries(cases)) assert.equal(writeKindOf(path), kind, path);
  });

  it('fails the N-th atomic write of a kind midway, keeps the old file and removes the temp file', async () => {
    const report = join(dir, 'report.md');
    await writeFileAtomic(report, 'old\n');
    process.env.TEXTFORGE_FAIL_WRITE = 'report:2:EIO'; // this process already wrote one report above
    await writeFileAtomic(join(dir, 'samples-not-a-report.txt'), 'other kinds are not counted\n');
    await assert.rejects(writeFileAtomic(report, 'new\n'.repeat(1000)), (e: unknown) => {
      assert.ok(e instanceof WriteError);
      assert.equal(e.code, 'EIO');
      assert.equal(e.message, `could not write '${report}': i/o error (EIO); the previous version is intact`);
      return true;
    });
    assert.equal(await readFile(report, 'utf8'), 'old\n');
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.tmp-')), []);
    await writeFileAtomic(report, 'new\n'); // only the N-th write fails
    assert.equal(await readFile(report, 'utf8'), 'new\n');
  });

  it('rejects a malformed TEXTFORGE_FAIL_WRITE instead of injecting nothing', async () => {
    process.env.TEXTFORGE_FAIL_WRITE = 'checkpoint:0:ENOSPC';
    await assert.rejects(writeFileAtomic(join(dir, 'x.safetensors'), 'x'), /TEXTFORGE_FAIL_WRITE must be <kind>:<N>:<code>/);
  });

  it('cuts a failed metrics append back off, so the file holds whole lines only', async () => {
    const metrics = join(dir, 'metrics.jsonl');
    await writeFile(metrics, '{"step":1}\n');
    process.env.TEXTFORGE_FAIL_WRITE = 'metrics:1:ENOSPC';
    await assert.rejects(appendLine(metrics, '{"step":2,"loss":1.5}\n'), { message: `could not append to '${metrics}': no space left on device (ENOSPC); its earlier lines are intact` });
    assert.equal(await readFile(metrics, 'utf8'), '{"step":1}\n');
  });

  it('reads a metrics file whose last line a failed append left cut off without it, and resume keeps the checkpointed records', async () => {
    const run = await RunDir.create(join(dir, 'run'));
    await run.appendMetrics({ step: 1 });
    await run.appendMetrics({ step: 2 });
    await appendFile(run.file('metrics.jsonl'), '{"step":3,"lo'); // what a real ENOSPC mid-append can leave when truncation fails too
    assert.deepEqual(await run.readMetrics(), [{ step: 1 }, { step: 2 }]);
    await run.keepFirstMetrics(1);
    assert.equal(await readFile(run.file('metrics.jsonl'), 'utf8'), '{"step":1}\n');
  });

  it('describes Node system errors in words with their code', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    assert.equal(describeFsError(enospc), 'no space left on device (ENOSPC)');
    const eacces = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), { code: 'EACCES' });
    assert.equal(describeFsError(eacces), 'permission denied (EACCES)');
    assert.equal(describeFsError(new Error('plain\nsecond line')), 'plain');
  });

  it('refuses a run directory under a regular file with one line', async () => {
    const file = join(dir, 'file.txt');
    await writeFile(file, 'x');
    await assert.rejects(RunDir.create(join(file, 'run')), { message: `cannot write to run directory '${join(file, 'run')}': not a directory (ENOTDIR)` });
  });
});
