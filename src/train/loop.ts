// The training loop shared by every model: schedules, validation, checkpoints, early stopping, exact resume, divergence guard.
import type { BufferSet } from '../engine/buffers.js';
import { NonFiniteError } from '../engine/compile.js';
import { saveBuffers, loadBuffers } from '../engine/buffer-checkpoint.js';
import { RunDir, RunError } from './run-dir.js';
import { learningRate, validateSchedule, type ScheduleConfig, type ScheduleState } from './schedule.js';
import type { ProgressReporter } from './progress.js';

/** What a model family provides to the loop. Batch contents must be a pure function of (seed, epoch, index). */
export interface TrainingTask {
  readonly kind: string;
  batchesPerEpoch(): number;
  startEpoch(epoch: number): void;
  trainBatch(epoch: number, index: number, lr: number): Promise<{ loss: number; tokens: number; metrics: Record<string, number> }>;
  /** Validation: `score` is lower-is-better (e.g. NLL per token). */
  validate(): Promise<{ score: number; metrics: Record<string, number> }>;
  /** Buffers a checkpoint holds (parameters, optimizer state, carried recurrent state). */
  buffers(): Record<string, BufferSet>;
  /** JSON state a checkpoint holds (generator states, step counters). */
  saveState(): unknown;
  loadState(state: unknown): void;
}

export interface LoopConfig {
  epochs: number;
  /** Validate every this many steps (0: at the end of every epoch only). */
  evalEvery: number;
  /** Validate at the end of every this many epochs (and of the last one); default 1. */
  evalEveryEpochs?: number;
  /** Write checkpoints/last every this many steps (besides after every validation). */
  checkpointEvery: number;
  /** Stop after this many validations without improvement (0: never). */
  patience: number;
  schedule: ScheduleConfig;
  /** Stop (with a checkpoint) once this much training time has passed. */
  timeBudgetMs?: number;
  logEvery: number;
}

interface LoopState {
  step: number;
  epoch: number;
  /** Next batch index within the epoch. */
  index: number;
  best: number | null;
  badEvals: number;
  schedule: ScheduleState;
  elapsedMs: number;
}

export interface TrainingSummary {
  steps: number;
  epochs: number;
  bestScore: number | null;
  lastScore: number | null;
  stoppedBy: 'epochs' | 'early-stopping' | 'time-budget';
  seconds: number;
  tokensPerSecond: number;
}

interface CheckpointMeta {
  kind: string;
  loop: LoopState;
  task: unknown;
}

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

/** The loop state saved in the run's last checkpoint (task state restored), or null when the run was stopped before its first checkpoint. */
async function resumedState(task: TrainingTask, run: RunDir, progress: ProgressReporter, perEpoch: number): Promise<LoopState | null> {
  const stale = await run.removeStaleTempFiles();
  if (stale.length > 0) progress.log(`removed ${stale.length} partial file(s) from an interrupted write: ${stale.join(', ')}`);
  if (!(await run.hasCheckpoint('last'))) {
    // nothing was saved, so the run starts over (its settings were already checked against its config.json)
    await run.truncateMetricsAfter(0);
    progress.log(`run '${run.path}' has no checkpoint yet: starting it from step 0`);
    return null;
  }
  const meta = (await loadBuffers(run.checkpoint('last'), task.buffers())) as CheckpointMeta;
  if (meta?.kind !== task.kind) throw new RunError(`run '${run.path}' holds a ${meta?.kind ?? 'unknown'} model, not ${task.kind}`);
  task.loadState(meta.task);
  await run.truncateMetricsAfter(meta.loop.step);
  progress.log(`resumed from step ${meta.loop.step} (epoch ${meta.loop.epoch + 1}, batch ${meta.loop.index + 1}/${perEpoch})`);
  return meta.loop;
}

export async function runTraining(task: TrainingTask, run: RunDir, config: LoopConfig, options: { resume: boolean; progress: ProgressReporter }): Promise<TrainingSummary> {
  validateSchedule(config.schedule);
  const { progress } = options;
  const perEpoch = task.batchesPerEpoch();
  if (perEpoch < 1) throw new RunError('training: the training data makes no batch: add data or lower --batch-size');
  const total = perEpoch * config.epochs;
  let state: LoopState = { step: 0, epoch: 0, index: 0, best: null, badEvals: 0, schedule: { plateauScale: 1 }, elapsedMs: 0 };
  if (options.resume) state = (await resumedState(task, run, progress, perEpoch)) ?? state;

  /** checkpoints/last (and best): never from a diverged state. */
  const saveCheckpoints = async (alsoBest = false) => {
    const bad = firstNonFinite(task.buffers());
    if (bad !== null) throw new RunError(`training diverged at step ${state.step}: ${bad} holds non-finite values; the last good checkpoint (${run.checkpoint('last')}) is intact — lower --lr or set --clip`);
    const meta: CheckpointMeta = { kind: task.kind, loop: state, task: task.saveState() };
    await saveBuffers(alsoBest ? [run.checkpoint('last'), run.checkpoint('best')] : run.checkpoint('last'), task.buffers(), meta);
  };
  let lastScore: number | null = null;
  let stoppedBy: TrainingSummary['stoppedBy'] = 'epochs';
  const validate = async (): Promise<boolean> => {
    const { score, metrics } = await task.validate();
    lastScore = score;
    const improved = state.best === null || score < state.best;
    if (improved) {
      state.best = score;
      state.badEvals = 0;
    } else {
      state.badEvals++;
      if (config.schedule.kind === 'plateau') state.schedule.plateauScale *= config.schedule.factor;
    }
    await run.appendMetrics({ step: state.step, epoch: state.epoch, split: 'valid', score, ...metrics });
    progress.log(`step ${state.step}: valid ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ')}${improved ? ' (best)' : ''}`);
    await saveCheckpoints(improved);
    return config.patience > 0 && state.badEvals >= config.patience;
  };

  progress.start(total, state.step);
  const startedAt = performance.now() - state.elapsedMs;
  let tokens = 0;
  const tokenClock = performance.now();
  let validText: string | undefined;
  try {
    while (state.epoch < config.epochs) {
      const epoch = state.epoch;
      if (state.index === 0) task.startEpoch(epoch);
      const lr = learningRate(config.schedule, state.schedule, state.step + 1, epoch, total);
      let result;
      try {
        result = await task.trainBatch(epoch, state.index, lr);
      } catch (e) {
        if (e instanceof NonFiniteError) {
          throw new RunError(`training diverged at step ${state.step + 1}: the loss became non-finite; the last good checkpoint (${run.checkpoint('last')}) is intact — lower --lr or set --clip`);
        }
        throw e;
      }
      // the state always names the next batch to run, so a checkpoint resumes exactly there
      state.step++;
      state.index++;
      const endOfEpoch = state.index === perEpoch;
      if (endOfEpoch) {
        state.epoch++;
        state.index = 0;
      }
      tokens += result.tokens;
      state.elapsedMs = performance.now() - startedAt;
      const tokensPerSecond = tokens / ((performance.now() - tokenClock) / 1000);
      if (state.step % config.logEvery === 0) {
        await run.appendMetrics({ step: state.step, epoch, lr, loss: result.loss, tokens_per_s: Math.round(tokensPerSecond), ...result.metrics });
      }
      progress.update(state.step, { loss: result.loss, tokensPerSecond, epoch, valid: validText });
      const outOfTime = config.timeBudgetMs !== undefined && state.elapsedMs >= config.timeBudgetMs;
      const epochValidation = endOfEpoch && (state.epoch % (config.evalEveryEpochs ?? 1) === 0 || state.epoch === config.epochs);
      if (epochValidation || outOfTime || (config.evalEvery > 0 && state.step % config.evalEvery === 0)) {
        const stop = await validate();
        validText = lastScore === null ? undefined : (lastScore as number).toFixed(3);
        if (stop) {
          stoppedBy = 'early-stopping';
          break;
        }
      } else if (config.checkpointEvery > 0 && state.step % config.checkpointEvery === 0) {
        await saveCheckpoints();
      }
      if (outOfTime) {
        stoppedBy = 'time-budget';
        break;
      }
    }
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return { steps: state.step, epochs: state.epoch, bestScore: state.best, lastScore, stoppedBy, seconds, tokensPerSecond: tokens / ((performance.now() - tokenClock) / 1000) };
}
