// KL-weight schedules for VAEs: constant (beta), linear warm-up, logistic (Bowman et al. 2016), cyclical (Fu et al. 2019).
export type KlScheduleKind = 'constant' | 'linear' | 'logistic' | 'cyclical';

export interface KlSchedule {
  kind: KlScheduleKind;
  /** The final weight (beta); every schedule rises to it. */
  beta: number;
  /** linear: steps to reach beta. */
  warmupSteps: number;
  /** logistic: w = beta / (1 + exp(-k (step - x0))); Sentence-VAE uses k = 0.0025, x0 = 2500. */
  logisticK: number;
  logisticX0: number;
  /** cyclical: total steps split into `cycles`; within each, the weight rises linearly over the first `ratio` of the cycle, then stays at beta. */
  totalSteps: number;
  cycles: number;
  ratio: number;
}

export const KL_SCHEDULE_DEFAULTS: KlSchedule = { kind: 'logistic', beta: 1, warmupSteps: 10_000, logisticK: 0.0025, logisticX0: 2500, totalSteps: 10_000, cycles: 4, ratio: 0.5 };

export function validateKlSchedule(s: KlSchedule): void {
  const where = 'kl schedule';
  if (!['constant', 'linear', 'logistic', 'cyclical'].includes(s.kind)) throw new RangeError(`${where}: kind must be constant, linear, logistic or cyclical, got ${s.kind}`);
  if (!(s.beta >= 0)) throw new RangeError(`${where}: beta must be >= 0, got ${s.beta}`);
  if (!(Number.isInteger(s.warmupSteps) && s.warmupSteps >= 1)) throw new RangeError(`${where}: warmupSteps must be an integer >= 1, got ${s.warmupSteps}`);
  if (!(s.logisticK > 0)) throw new RangeError(`${where}: logisticK must be > 0, got ${s.logisticK}`);
  if (!(Number.isInteger(s.cycles) && s.cycles >= 1)) throw new RangeError(`${where}: cycles must be an integer >= 1, got ${s.cycles}`);
  if (!(s.ratio > 0 && s.ratio <= 1)) throw new RangeError(`${where}: ratio must be in (0, 1], got ${s.ratio}`);
  if (!(Number.isInteger(s.totalSteps) && s.totalSteps >= 1)) throw new RangeError(`${where}: totalSteps must be an integer >= 1, got ${s.totalSteps}`);
}

/** The KL weight at a 1-based training step. */
export function klWeight(s: KlSchedule, step: number): number {
  switch (s.kind) {
    case 'constant':
      return s.beta;
    case 'linear':
      return s.beta * Math.min(1, step / s.warmupSteps);
    case 'logistic':
      return s.beta / (1 + Math.exp(-s.logisticK * (step - s.logisticX0)));
    case 'cyclical': {
      const period = s.totalSteps / s.cycles;
      const position = ((step - 1) % period) / period; // in [0, 1) within the current cycle
      return s.beta * Math.min(1, position / s.ratio);
    }
  }
}
