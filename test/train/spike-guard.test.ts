// The loss-spike guard (a spike's update undone, logged, decided the same way after a resume) and runPhases' abort signal (InterruptedError after a checkpoint).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BufferSet } from '../../src/engine/buffers.js';
import { Rng } from '../../src/engine/random.js';
import { RunDir } from '../../src/train/run-dir.js';
import { InterruptedError } from '../../src/train/interrupt.js';
import { runPhases, type Phase, type PhaseLoop, type StepResult, type TrainingState } from '../../src/train/phases.js';
import { spikeThreshold, SPIKE_MIN_HISTORY } from '../../src/train/spike-guard.js';
import { tempDir } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const quiet = quietProgress();
const SPIKE = { epoch: 1, index: 6 }; // step 17 of 3 epochs x 10 batches

const loop: PhaseLoop = { epochs: 3, evalEvery: 0, checkpointEvery: 0, patience: 0, logEvery: 1, spikeGuard: 5, schedule: { kind: 'constant', lr: 1, warmupSteps: 0, factor: 1, decayStart: 1 } };

/** A phase whose step adds 1 to w and counts; its loss is near 1, except one spike of 100. `onStep` may abort the run. */
function spikyRun(onStep: (epoch: number, index: number) => void = () => undefined): { phase: Phase; state: TrainingState; w: BufferSet; counter: { stepCount: number } } {
  const w = new BufferSet();
  w.add('w', [1], Float32Array.of(0));
  const counter = { stepCount: 0 };
  const rng = new Rng(3);
  const state: TrainingState = { buffers: { params: w }, rngs: { noise: rng }, counters: { steps: counter } };
  const phase: Phase = {
    name: 'train', loop,
    batchesPerEpoch: () => 10,
    async trainBatch(epoch, index): Promise<StepResult> {
      onStep(epoch, index);
      w.get('w')[0] += 1;
      counter.stepCount++;
      const loss = epoch === SPIKE.epoch && index === SPIKE.index ? 100 : 1 + 0.1 * rng.uniform();
      return { loss, tokens: 1, metrics: {} };
    },
  };
  return { phase, state, w, counter };
}

/** metrics.jsonl without its wall-clock fields. */
const records = async (dir: string) => (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
  .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !/(_ms|_per_s)$/.test(k))));

describe('loss-spike guard', () => {
  it('judges only with enough history and a positive median', () => {
    assert.equal(spikeThreshold([1, 2, 3], 5), null);
    assert.equal(spikeThreshold(Array(SPIKE_MIN_HISTORY).fill(2), 0), null);
    assert.equal(spikeThreshold(Array(SPIKE_MIN_HISTORY).fill(-2), 5), null);
    assert.equal(spikeThreshold([...Array(SPIKE_MIN_HISTORY).fill(2), 100], 5), 10);
    assert.equal(spikeThreshold([1, 1, 1, 1, 1, 3, 3, 3, 3, 3], 2), 4); // even count: the mean of the two middle values
  });

  it('undoes a spike step (buffers and counters), logs it, and skips nothing else', async () => {
    const dir = await tempDir('tf-spike-');
    const { phase, state, w, counter } = spikyRun();
    await runPhases('spiky', [phase], state, await RunDir.create(join(dir, 'a')), { resume: false, progress: quiet });
    assert.equal(w.get('w')[0], 29);
    assert.equal(counter.stepCount, 29);
    const skipped = (await records(join(dir, 'a'))).filter((r) => r.skipped === 1);
    assert.deepEqual(skipped.map((r) => [r.step, r.loss]), [[17, 100]]);
  });

  it('an aborted run stops after the running step with a checkpoint, and its resume matches an uninterrupted run', async () => {
    const dir = await tempDir('tf-spike-');
    const whole = spikyRun();
    await runPhases('spiky', [whole.phase], whole.state, await RunDir.create(join(dir, 'whole')), { resume: false, progress: quiet });

    const controller = new AbortController();
    const first = spikyRun((epoch, index) => {
      if (epoch === 1 && index === 2) controller.abort('SIGTERM');
    });
    const run = await RunDir.create(join(dir, 'cut'));
    await assert.rejects(runPhases('spiky', [first.phase], first.state, run, { resume: false, progress: quiet, signal: controller.signal }), (e: unknown) => {
      assert.ok(e instanceof InterruptedError);
      assert.equal(e.signal, 'SIGTERM');
      assert.equal(e.step, 13);
      assert.match(e.message, /^interrupted at step 13 \(phase train, epoch 2\); checkpoint written to .*last\.safetensors$/);
      return true;
    });
    const resumed = spikyRun();
    await runPhases('spiky', [resumed.phase], resumed.state, run, { resume: true, progress: quiet });
    assert.deepEqual(await records(join(dir, 'cut')), await records(join(dir, 'whole')));
    assert.equal(resumed.w.get('w')[0], whole.w.get('w')[0]);
  });
});
