// The phased training loop every family runs on: a run is a list of phases (mle, d-pretrain, adversarial, ...), one metrics file, one checkpoint that holds all of it.
import type { BufferSet } from '../engine/buffers.js';
import type { Rng } from '../engine/random.js';
import { NonFiniteError } from '../engine/compile.js';
import { saveBuffers, loadBuffers } from '../engine/buffer-checkpoint.js';
import { RunDir, RunError } from './run-dir.js';
import { learningRate, validateSchedule, type ScheduleConfig, type ScheduleState } from './schedule.js';
import type { ProgressReporter } from './progress.js';
import { InterruptedError, injectTestSignal, stopSignalOf } from './interrupt.js';
import { StateSnapshot, rememberLoss, spikeThreshold } from './spike-guard.js';

export interface StepResult {
  loss: number;
  tokens: number;
  metrics: Record<string, number>;
}

/** Lower-is-better `score` (e.g. NLL per token) and the metrics a validation logs. */
export interface Validation {
  score: number;
  metrics: Record<string, number>;
}

/** How a phase is paced: its length, when it validates and checkpoints, its learning-rate schedule. */
export interface PhaseLoop {
  epochs: number;
  /** Validate every this many steps of the phase (0: at the end of every epoch only). */
  evalEvery: number;
  /** Validate at the end of every this many epochs (and of the last one); default 1. */
  evalEveryEpochs?: number;
  /** Write checkpoints/last every this many steps (besides after every validation). */
  checkpointEvery: number;
  /** Stop the phase after this many validations without improvement (0: never). */
  patience: number;
  schedule: ScheduleConfig;
  /** End the phase (with a validation and a checkpoint) once it has trained this long. */
  timeBudgetMs?: number;
  logEvery: number;
  /** Whether an improved validation of this phase writes checkpoints/best (default true). */
  selectsBest?: boolean;
  /** Undo a step whose loss exceeds this many times the running median of recent losses (0 or absent: off). */
  spikeGuard?: number;
}

/** One phase of a run. Batch contents must be a pure function of (seed, epoch, index) and the checkpointed state. */
export interface Phase {
  readonly name: string;
  readonly loop: PhaseLoop;
  batchesPerEpoch(): number;
  /** Called once when the phase starts from its first step (not when a run resumes inside it). */
  begin?(): Promise<void> | void;
  startEpoch?(epoch: number): void;
  trainBatch(epoch: number, index: number, lr: number): Promise<StepResult>;
  validate?(): Promise<Validation>;
  /** After the phase's last step: records (e.g. split 'test' scores) to log before the next phase begins. */
  end?(): Promise<Record<string, unknown>[]>;
}

/** Everything a checkpoint holds besides the loop's position: buffers, random streams, step counters (saved by the loop, never by hand). */
export interface TrainingState {
  buffers: Record<string, BufferSet>;
  rngs: Record<string, Rng>;
  /** Compiled steps (or anything with a step count) whose counters drive bias correction and schedules. */
  counters: Record<string, { stepCount: number }>;
}

export interface PhaseSummary {
  name: string;
  steps: number;
  epochs: number;
  bestScore: number | null;
  lastScore: number | null;
  stoppedBy: 'epochs' | 'early-stopping' | 'time-budget';
  seconds: number;
  tokensPerSecond: number;
}

/** The whole run: every phase's summary; the top-level fields are the last phase's, with steps and seconds over all phases. */
export interface TrainingSummary extends Omit<PhaseSummary, 'name'> {
  phases: PhaseSummary[];
}

interface Position {
  phase: number;
  /** Steps over all phases (metrics records carry it), and within the current phase. */
  step: number;
  phaseStep: number;
  epoch: number;
  /** Next batch index within the epoch. */
  index: number;
  best: number | null;
  lastScore: number | null;
  badEvals: number;
  schedule: ScheduleState;
  elapsedMs: number;
  stoppedBy: PhaseSummary['stoppedBy'];
  /** Records in metrics.jsonl when the checkpoint was written: a resumed run keeps exactly these. */
  records: number;
  /** Summaries of the phases finished before this one. */
  done: PhaseSummary[];
  /** Whether the phase's begin() has run (a checkpoint between phases holds the next one not yet begun). */
  begun: boolean;
  /** The phase's last losses, for the spike guard: checkpointed, so a resumed run skips exactly the same steps. */
  recentLosses: number[];
}

interface CheckpointMeta {
  kind: string;
  format: 'phased';
  position: Position;
  rngs: Record<string, ReturnType<Rng['getState']>>;
  counters: Record<string, number>;
}

const fresh = (phase: number, step: number, records: number, done: PhaseSummary[]): Position => ({
  phase, step, phaseStep: 0, epoch: 0, index: 0, best: null, lastScore: null, badEvals: 0, schedule: { plateauScale: 1 }, elapsedMs: 0, stoppedBy: 'epochs', records, done, begun: false, recentLosses: [],
});

/** The first buffer holding NaN or Inf, as 'set/name', or null: a checkpoint is never written from a diverged state. */
function firstNonFinite(sets: Record<string, BufferSet>): string | null {
  for (const [prefix, set] of Object.entries(sets)) {
    for (const n of set.names()) {
      const values = set.get(n);
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `${prefix}/${n}`;
    }
  }
  return null;
}

/** The position saved in the run's last checkpoint (state restored), or null when the run was stopped before its first checkpoint. */
async function resumedPosition(kind: string, state: TrainingState, run: RunDir, progress: ProgressReporter): Promise<Position | null> {
  const stale = await run.removeStaleTempFiles();
  if (stale.length > 0) progress.log(`removed ${stale.length} partial file(s) from an interrupted write: ${stale.join(', ')}`);
  if (!(await run.hasCheckpoint('last'))) {
    // nothing was saved, so the run starts over (its settings were already checked against its config.json)
    await run.keepFirstMetrics(0);
    progress.log(`run '${run.path}' has no checkpoint yet: starting it from step 0`);
    return null;
  }
  const meta = (await loadBuffers(run.checkpoint('last'), state.buffers)) as CheckpointMeta | null;
  if (meta?.kind !== kind) throw new RunError(`run '${run.path}' holds a ${meta?.kind ?? 'unknown'} model, not ${kind}`);
  if (meta.format !== 'phased') throw new RunError(`run '${run.path}': its checkpoint was written by a textforge before phased runs; it can be sampled, evaluated and inspected but not resumed: start a new run`);
  for (const [name, rng] of Object.entries(state.rngs)) rng.setState(meta.rngs[name]);
  for (const [name, counter] of Object.entries(state.counters)) counter.stepCount = meta.counters[name];
  await run.keepFirstMetrics(meta.position.records);
  return { ...meta.position, recentLosses: meta.position.recentLosses ?? [] }; // checkpoints before the spike guard lack it
}

export interface RunPhasesOptions {
  resume: boolean;
  progress: ProgressReporter;
  /** Once aborted, the loop stops at the next step boundary (a running step and its validation finish), checkpoints and throws InterruptedError; the reason 'SIGTERM' or 'SIGINT' names the signal. */
  signal?: AbortSignal;
}

/** Train every phase in order into `run` (or continue exactly from its last checkpoint with `resume`). */
export async function runPhases(kind: string, phases: readonly Phase[], state: TrainingState, run: RunDir, options: RunPhasesOptions): Promise<TrainingSummary> {
  if (phases.length === 0) throw new RangeError(`${kind}: a run needs at least one phase`);
  for (const p of phases) validateSchedule(p.loop.schedule);
  const { progress } = options;
  let pos: Position = fresh(0, 0, 0, []);
  if (options.resume) {
    const saved = await resumedPosition(kind, state, run, progress);
    if (saved !== null) {
      pos = saved;
      const phase = phases[pos.phase];
      if (phase) progress.log(`resumed from step ${pos.step} (phase ${phase.name}, epoch ${pos.epoch + 1}, batch ${pos.index + 1}/${phase.batchesPerEpoch()})`);
    }
  }

  const appendRecord = async (record: Record<string, unknown>) => {
    await run.appendMetrics(record);
    pos.records++;
  };
  const saveCheckpoints = async (alsoBest = false) => {
    const bad = firstNonFinite(state.buffers);
    if (bad !== null) throw new RunError(`training diverged at step ${pos.step}: ${bad} holds non-finite values; the last good checkpoint (${run.checkpoint('last')}) is intact — lower --lr or set --clip`);
    const meta: CheckpointMeta = {
      kind, format: 'phased', position: pos,
      rngs: Object.fromEntries(Object.entries(state.rngs).map(([n, r]) => [n, r.getState()])),
      counters: Object.fromEntries(Object.entries(state.counters).map(([n, c]) => [n, c.stepCount])),
    };
    await saveBuffers(alsoBest ? [run.checkpoint('last'), run.checkpoint('best')] : run.checkpoint('last'), state.buffers, meta);
  };
  // called only where the position names the next step to run, so the checkpoint resumes exactly there
  const stopIfAborted = async () => {
    if (options.signal?.aborted !== true) return;
    await saveCheckpoints();
    const name = phases[pos.phase]?.name ?? 'end';
    throw new InterruptedError(`interrupted at step ${pos.step} (phase ${name}, epoch ${pos.epoch + 1}); checkpoint written to ${run.checkpoint('last')}`, stopSignalOf(options.signal.reason), pos.step);
  };

  while (pos.phase < phases.length) {
    const phase = phases[pos.phase];
    await stopIfAborted();
    if (!pos.begun) {
      if (phases.length > 1) progress.log(`phase ${pos.phase + 1}/${phases.length}: ${phase.name}`);
      await phase.begin?.();
      pos.begun = true;
    }
    const summary = await trainPhase(phase, pos, { run, progress, appendRecord, saveCheckpoints, stopIfAborted, state });
    for (const record of (await phase.end?.()) ?? []) await appendRecord({ step: pos.step, phase: phase.name, ...record });
    pos = fresh(pos.phase + 1, pos.step, pos.records, [...pos.done, summary]);
    // the next phase starts from this checkpoint, so a kill between phases repeats neither one's end nor its records
    if (pos.phase < phases.length) await saveCheckpoints();
  }
  const last = pos.done[pos.done.length - 1];
  const seconds = pos.done.reduce((s, p) => s + p.seconds, 0);
  return { ...last, steps: pos.step, seconds, phases: pos.done };
}

interface PhaseIo {
  run: RunDir;
  progress: ProgressReporter;
  appendRecord(record: Record<string, unknown>): Promise<void>;
  saveCheckpoints(alsoBest?: boolean): Promise<void>;
  /** Checkpoint and throw InterruptedError if the run was asked to stop. */
  stopIfAborted(): Promise<void>;
  state: TrainingState;
}

/** Train one phase from `pos` (mutated as it goes) to its end: epochs, early stopping or its time budget. */
async function trainPhase(phase: Phase, pos: Position, io: PhaseIo): Promise<PhaseSummary> {
  const { loop } = phase;
  const { progress, run } = io;
  const perEpoch = phase.batchesPerEpoch();
  if (perEpoch < 1) throw new RunError(`training: the training data makes no batch for phase ${phase.name}: add data or lower --batch-size`);
  const total = perEpoch * loop.epochs;
  const selectsBest = loop.selectsBest ?? true;

  const validate = async (): Promise<boolean> => {
    if (!phase.validate) {
      await io.saveCheckpoints();
      return false;
    }
    await injectTestSignal('validation');
    const { score, metrics } = await phase.validate();
    pos.lastScore = score;
    const improved = pos.best === null || score < pos.best;
    if (improved) {
      pos.best = score;
      pos.badEvals = 0;
    } else {
      pos.badEvals++;
      if (loop.schedule.kind === 'plateau') pos.schedule.plateauScale *= loop.schedule.factor;
    }
    await io.appendRecord({ step: pos.step, phase: phase.name, phaseStep: pos.phaseStep, epoch: pos.epoch, split: 'valid', score, ...metrics });
    progress.log(`step ${pos.step}: valid ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ')}${improved && selectsBest ? ' (best)' : ''}`);
    await io.saveCheckpoints(improved && selectsBest);
    return loop.patience > 0 && pos.badEvals >= loop.patience;
  };

  progress.start(total, pos.phaseStep);
  if (pos.stoppedBy === 'time-budget') pos.stoppedBy = 'epochs'; // a resumed run continues past its earlier budget, so that stop no longer stands
  const startedAt = performance.now() - pos.elapsedMs;
  let tokens = 0;
  const tokenClock = performance.now();
  let validText: string | undefined = pos.lastScore === null ? undefined : pos.lastScore.toFixed(3);
  const snapshot = new StateSnapshot(io.state.buffers, io.state.counters);
  try {
    while (pos.epoch < loop.epochs) {
      await io.stopIfAborted();
      const epoch = pos.epoch;
      if (pos.index === 0) phase.startEpoch?.(epoch);
      const lr = learningRate(loop.schedule, pos.schedule, pos.phaseStep + 1, epoch, total);
      await injectTestSignal({ step: pos.step + 1 });
      const spikeAbove = spikeThreshold(pos.recentLosses, loop.spikeGuard ?? 0);
      if (spikeAbove !== null) snapshot.take();
      let result: StepResult;
      try {
        result = await phase.trainBatch(epoch, pos.index, lr);
      } catch (e) {
        if (e instanceof NonFiniteError) {
          throw new RunError(`training diverged at step ${pos.step + 1}: the loss became non-finite; the last good checkpoint (${run.checkpoint('last')}) is intact — lower --lr or set --clip`);
        }
        throw e;
      }
      // a spike is undone but its batch is consumed (and its loss remembered), as a resumed run decides from the checkpointed window
      const skipped = spikeAbove !== null && result.loss > spikeAbove;
      if (skipped) snapshot.restore();
      rememberLoss(pos.recentLosses, result.loss);
      // the position always names the next batch to run, so a checkpoint resumes exactly there
      pos.step++;
      pos.phaseStep++;
      pos.index++;
      const endOfEpoch = pos.index === perEpoch;
      if (endOfEpoch) {
        pos.epoch++;
        pos.index = 0;
      }
      tokens += result.tokens;
      pos.elapsedMs = performance.now() - startedAt;
      const tokensPerSecond = tokens / ((performance.now() - tokenClock) / 1000);
      if (skipped) {
        progress.log(`step ${pos.step}: loss ${result.loss.toFixed(3)} is above ${spikeAbove.toFixed(3)} (${loop.spikeGuard} x the running median): step skipped`);
        await io.appendRecord({ step: pos.step, phase: phase.name, epoch, lr, skipped: 1, loss: result.loss, spike_threshold: spikeAbove });
      } else if (pos.phaseStep % loop.logEvery === 0) {
        await io.appendRecord({ step: pos.step, phase: phase.name, epoch, lr, loss: result.loss, tokens_per_s: Math.round(tokensPerSecond), ...result.metrics });
      }
      progress.update(pos.phaseStep, { loss: result.loss, tokensPerSecond, epoch, valid: validText });
      const outOfTime = loop.timeBudgetMs !== undefined && pos.elapsedMs >= loop.timeBudgetMs;
      const epochValidation = endOfEpoch && (pos.epoch % (loop.evalEveryEpochs ?? 1) === 0 || pos.epoch === loop.epochs);
      if (outOfTime) pos.stoppedBy = 'time-budget';
      if (epochValidation || outOfTime || (loop.evalEvery > 0 && pos.phaseStep % loop.evalEvery === 0)) {
        if (await validate()) pos.stoppedBy = 'early-stopping';
        validText = pos.lastScore === null ? undefined : pos.lastScore.toFixed(3);
        if (pos.stoppedBy === 'early-stopping') break;
      } else if (loop.checkpointEvery > 0 && pos.phaseStep % loop.checkpointEvery === 0) {
        await io.saveCheckpoints();
      }
      if (outOfTime) break;
    }
  } finally {
    progress.stop();
  }
  return {
    name: phase.name, steps: pos.phaseStep, epochs: pos.epoch, bestScore: pos.best, lastScore: pos.lastScore, stoppedBy: pos.stoppedBy,
    seconds: (performance.now() - startedAt) / 1000, tokensPerSecond: tokens / ((performance.now() - tokenClock) / 1000),
  };
}
