// Learning-rate schedules: constant, step decay after an epoch (Zaremba et al.), decay on plateau, cosine; with linear warm-up.
export type ScheduleKind = 'constant' | 'decay' | 'plateau' | 'cosine';

export interface ScheduleConfig {
  kind: ScheduleKind;
  /** Base learning rate. */
  lr: number;
  /** Linear warm-up over this many steps. */
  warmupSteps: number;
  /** decay: multiply by `factor` once per epoch from epoch `decayStart` (1-based) on; plateau: on each non-improving evaluation. */
  factor: number;
  decayStart: number;
}

export interface ScheduleState {
  /** Multiplier from plateau decays so far. */
  plateauScale: number;
}

export function validateSchedule(s: ScheduleConfig): void {
  if (!(s.lr > 0)) throw new RangeError(`schedule: lr must be > 0, got ${s.lr}`);
  if (!(s.factor > 0 && s.factor <= 1)) throw new RangeError(`schedule: factor must be in (0, 1], got ${s.factor}`);
  if (!Number.isInteger(s.warmupSteps) || s.warmupSteps < 0) throw new RangeError(`schedule: warmupSteps must be an integer >= 0, got ${s.warmupSteps}`);
}

/** The learning rate for a 1-based step in a 0-based epoch. */
export function learningRate(s: ScheduleConfig, state: ScheduleState, step: number, epoch: number, totalSteps: number): number {
  const warm = s.warmupSteps > 0 ? Math.min(1, step / s.warmupSteps) : 1;
  let scale = 1;
  if (s.kind === 'decay') scale = Math.pow(s.factor, Math.max(0, epoch + 1 - s.decayStart));
  else if (s.kind === 'plateau') scale = state.plateauScale;
  else if (s.kind === 'cosine') scale = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, step / Math.max(1, totalSteps))));
  return s.lr * warm * scale;
}
