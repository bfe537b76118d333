// The shared training loop: its validation schedule (every N steps, every K epochs, the last one) and resuming a run stopped before its first checkpoint.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BufferSet } from '../../src/engine/buffers.js';
import { RunDir } from '../../src/train/run-dir.js';
import { runTraining, type TrainingTask } from '../../src/train/loop.js';
import { createProgress } from '../../src/train/progress.js';
import { tempDir } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const quiet = quietProgress();

/** A task whose "training" only counts; it records the step of every validation. */
class CountingTask implements TrainingTask {
  readonly kind = 'counting';
  readonly validatedAfter: number[] = [];
  private steps = 0;
  private readonly params = new BufferSet();

  constructor(readonly perEpoch: number) {
    this.params.add('w', [1], Float32Array.of(1));
  }

  batchesPerEpoch(): number {
    return this.perEpoch;
  }

  startEpoch(): void {}

  async trainBatch(): Promise<{ loss: number; tokens: number; metrics: Record<string, number> }> {
    this.steps++;
    return { loss: 1 / this.steps, tokens: 1, metrics: {} };
  }

  async validate(): Promise<{ score: number; metrics: Record<string, number> }> {
    this.validatedAfter.push(this.steps);
    return { score: 1 / this.steps, metrics: {} };
  }

  buffers(): Record<string, BufferSet> {
    return { params: this.params };
  }

  saveState(): unknown {
    return { steps: this.steps };
  }

  loadState(state: unknown): void {
    this.steps = (state as { steps: number }).steps;
  }
}

describe('training loop validation schedule', () => {
  const loop = (epochs: number, evalEvery: number, evalEveryEpochs?: number) => ({
    epochs, evalEvery, evalEveryEpochs, checkpointEvery: 0, patience: 0, logEvery: 1, schedule: { kind: 'constant' as const, lr: 1, warmupSteps: 0, factor: 1, decayStart: 1 },
  });

  it('validates after every epoch by default, and every N steps besides', async () => {
    const dir = await tempDir('tf-loop-');
    const task = new CountingTask(3);
    await runTraining(task, await RunDir.create(join(dir, 'a')), loop(3, 2), { resume: false, progress: quiet });
    assert.deepEqual(task.validatedAfter, [2, 3, 4, 6, 8, 9]);
  });

  it('with evalEveryEpochs K, validates at the end of every K-th epoch and of the last one', async () => {
    const dir = await tempDir('tf-loop-');
    const task = new CountingTask(3);
    await runTraining(task, await RunDir.create(join(dir, 'b')), loop(5, 0, 2), { resume: false, progress: quiet });
    assert.deepEqual(task.validatedAfter, [6, 12, 15]);
  });

  it('resuming a run stopped before its first checkpoint starts it over from step 0', async () => {
    const dir = await tempDir('tf-loop-');
    const run = await RunDir.create(join(dir, 'c'));
    await run.appendMetrics({ step: 2, loss: 0.5 }); // logged by the run that was killed
    const logged: string[] = [];
    const task = new CountingTask(3);
    const summary = await runTraining(task, run, loop(2, 0), { resume: true, progress: createProgress({ tty: false, write: (line) => logged.push(line) }) });
    assert.equal(summary.steps, 6);
    assert.deepEqual(task.validatedAfter, [3, 6]);
    assert.ok(logged.some((line) => line.includes('no checkpoint yet')), logged.join(''));
    const steps = (await run.readMetrics()).map((r) => r.step);
    assert.equal(steps.filter((s) => s === 2).length, 1, 'the killed run\'s metrics are dropped, only the new step 2 remains');
    assert.ok(await run.hasCheckpoint('last'));
  });
});
