// The phased training loop: its validation schedule (every N steps, every K epochs, the last one), phases in order with their begin and end, and exact resume inside any phase.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BufferSet } from '../../src/engine/buffers.js';
import { Rng } from '../../src/engine/random.js';
import { RunDir } from '../../src/train/run-dir.js';
import { runPhases, type Phase, type PhaseLoop, type StepResult, type TrainingState, type Validation } from '../../src/train/phases.js';
import { createProgress } from '../../src/train/progress.js';
import { tempDir } from '../helpers/cli.js';
import { quietProgress } from '../helpers/progress.js';

const quiet = quietProgress();

const loopOf = (epochs: number, evalEvery: number, evalEveryEpochs?: number, checkpointEvery = 0): PhaseLoop => ({
  epochs, evalEvery, evalEveryEpochs, checkpointEvery, patience: 0, logEvery: 1, schedule: { kind: 'constant', lr: 1, warmupSteps: 0, factor: 1, decayStart: 1 },
});

/** A run's state: one parameter the phases move, one random stream and one step counter, all checkpointed by the loop. */
function countingState(): TrainingState & { w: BufferSet; counter: { stepCount: number }; rng: Rng } {
  const w = new BufferSet();
  w.add('w', [1], Float32Array.of(1));
  const counter = { stepCount: 0 };
  const rng = new Rng(5);
  return { w, counter, rng, buffers: { params: w }, rngs: { noise: rng }, counters: { steps: counter } };
}

/** A phase whose "training" adds a random number to w and counts; it records the step of every validation, its begins and ends. */
class CountingPhase implements Phase {
  readonly validatedAfter: number[] = [];
  begins = 0;
  ends = 0;

  constructor(readonly name: string, readonly loop: PhaseLoop, readonly perEpoch: number, readonly state: ReturnType<typeof countingState>) {}

  batchesPerEpoch(): number {
    return this.perEpoch;
  }

  begin(): void {
    this.begins++;
  }

  async trainBatch(): Promise<StepResult> {
    const w = this.state.w.get('w');
    w[0] += this.state.rng.uniform();
    this.state.counter.stepCount++;
    return { loss: w[0], tokens: 1, metrics: { count: this.state.counter.stepCount } };
  }

  validate?: () => Promise<Validation> = async () => {
    this.validatedAfter.push(this.state.counter.stepCount);
    return { score: 1 / this.state.counter.stepCount, metrics: { w: this.state.w.get('w')[0] } };
  };

  async end(): Promise<Record<string, unknown>[]> {
    this.ends++;
    return [{ split: 'test', w: this.state.w.get('w')[0] }];
  }
}

describe('training loop validation schedule', () => {
  it('validates after every epoch by default, and every N steps besides', async () => {
    const dir = await tempDir('tf-loop-');
    const state = countingState();
    const phase = new CountingPhase('train', loopOf(3, 2), 3, state);
    await runPhases('counting', [phase], state, await RunDir.create(join(dir, 'a')), { resume: false, progress: quiet });
    assert.deepEqual(phase.validatedAfter, [2, 3, 4, 6, 8, 9]);
  });

  it('with evalEveryEpochs K, validates at the end of every K-th epoch and of the last one', async () => {
    const dir = await tempDir('tf-loop-');
    const state = countingState();
    const phase = new CountingPhase('train', loopOf(5, 0, 2), 3, state);
    await runPhases('counting', [phase], state, await RunDir.create(join(dir, 'b')), { resume: false, progress: quiet });
    assert.deepEqual(phase.validatedAfter, [6, 12, 15]);
  });

  it('resuming a run stopped before its first checkpoint starts it over from step 0', async () => {
    const dir = await tempDir('tf-loop-');
    const run = await RunDir.create(join(dir, 'c'));
    await run.appendMetrics({ step: 2, loss: 0.5 }); // logged by the run that was killed
    const logged: string[] = [];
    const state = countingState();
    const phase = new CountingPhase('train', loopOf(2, 0), 3, state);
    const summary = await runPhases('counting', [phase], state, run, { resume: true, progress: createProgress({ tty: false, write: (line) => logged.push(line) }) });
    assert.equal(summary.steps, 6);
    assert.deepEqual(phase.validatedAfter, [3, 6]);
    assert.ok(logged.some((line) => line.includes('no checkpoint yet')), logged.join(''));
    const steps = (await run.readMetrics()).map((r) => r.step);
    assert.equal(steps.filter((s) => s === 2).length, 1, 'the killed run\'s metrics are dropped, only the new step 2 remains');
    assert.ok(await run.hasCheckpoint('last'));
  });
});

describe('time budgets', () => {
  it('a run stopped by its time budget and resumed with a larger one finishes its epochs and says so', async () => {
    const dir = await tempDir('tf-loop-');
    const run = await RunDir.create(join(dir, 'budget'));
    const first = countingState();
    const stopped = await runPhases('counting', [new CountingPhase('train', { ...loopOf(2, 0), timeBudgetMs: 0 }, 3, first)], first, run, { resume: false, progress: quiet });
    assert.equal(stopped.stoppedBy, 'time-budget');
    assert.equal(stopped.steps, 1);
    const again = countingState();
    const finished = await runPhases('counting', [new CountingPhase('train', loopOf(2, 0), 3, again)], again, run, { resume: true, progress: quiet });
    assert.equal(finished.steps, 6);
    assert.equal(finished.stoppedBy, 'epochs');
  });
});

describe('phased runs', () => {
  /** Three phases: 2 epochs of 3 validated ones, 4 steps without validation, 5 steps validated every 2. */
  const phasesOf = (state: ReturnType<typeof countingState>) => {
    const phases = [
      new CountingPhase('first', loopOf(2, 0), 3, state),
      new CountingPhase('second', loopOf(1, 0, undefined, 1), 4, state),
      new CountingPhase('third', loopOf(1, 2, undefined, 1), 5, state),
    ];
    phases[1].validate = undefined; // a phase without validation: it checkpoints, logs no valid records and selects nothing
    return phases;
  };

  it('runs the phases in order, each begun and ended once, into one metrics file whose records name their phase', async () => {
    const dir = await tempDir('tf-phases-');
    const state = countingState();
    const phases = phasesOf(state);
    const run = await RunDir.create(join(dir, 'a'));
    const summary = await runPhases('counting', phases, state, run, { resume: false, progress: quiet });
    assert.equal(summary.steps, 6 + 4 + 5);
    assert.deepEqual(summary.phases.map((p) => [p.name, p.steps]), [['first', 6], ['second', 4], ['third', 5]]);
    assert.deepEqual(phases.map((p) => [p.begins, p.ends]), [[1, 1], [1, 1], [1, 1]]);
    assert.deepEqual(phases[2].validatedAfter, [12, 14, 15]);
    const records = await run.readMetrics();
    assert.deepEqual([...new Set(records.map((r) => r.phase))], ['first', 'second', 'third']);
    assert.deepEqual(records.filter((r) => r.split === 'test').map((r) => r.phase), ['first', 'second', 'third']);
    assert.ok(records.every((r, i) => i === 0 || (r.step as number) >= (records[i - 1].step as number)), 'steps never go back');
  });

  it('resumes exactly from a checkpoint inside any phase: the same records, the same parameter, no phase ended twice', async () => {
    const dir = await tempDir('tf-phases-');
    const straightState = countingState();
    const straightPhases = phasesOf(straightState);
    const straight = await RunDir.create(join(dir, 'straight'));
    await runPhases('counting', straightPhases, straightState, straight, { resume: false, progress: quiet });
    const expected = (await straight.readMetrics()).map(({ tokens_per_s: _s, ...r }) => r);

    for (const stopAfter of [2, 6, 7, 8, 10, 11, 13]) {
      // a first process trains `stopAfter` steps (its last checkpoint is where it stopped), a second resumes
      const run = await RunDir.create(join(dir, `stopped-${stopAfter}`));
      const first = countingState();
      const firstPhases = phasesOf(first);
      const stop = new Error('stopped');
      const original = CountingPhase.prototype.trainBatch;
      let steps = 0;
      for (const p of firstPhases) {
        p.trainBatch = async function (this: CountingPhase) {
          if (steps++ === stopAfter) throw stop;
          return original.call(this);
        };
      }
      await assert.rejects(runPhases('counting', firstPhases, first, run, { resume: false, progress: quiet }), stop);
      const second = countingState();
      const secondPhases = phasesOf(second);
      await runPhases('counting', secondPhases, second, run, { resume: true, progress: quiet });
      const got = (await run.readMetrics()).map(({ tokens_per_s: _s, ...r }) => r);
      assert.deepEqual(got, expected, `stopped after ${stopAfter} steps`);
      assert.equal(second.w.get('w')[0], straightState.w.get('w')[0]);
      // a phase begun after the last checkpoint begins again (what begin() did was not saved either); none ends twice
      assert.deepEqual(firstPhases.map((p, i) => p.ends + secondPhases[i].ends), [1, 1, 1], `each phase ended once (stopped after ${stopAfter})`);
      assert.equal(secondPhases[0].begins, stopAfter < 3 ? 1 : 0, 'the first phase begins again only when no checkpoint was written');
    }
  });
});
