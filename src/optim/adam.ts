// Adam and AdamW (Kingma & Ba 2015; Loshchilov & Hutter 2019) as traced ops, with PyTorch's update formulas.
import type { Optimizer } from '../engine/train-step.js';
import type { Tensor } from '../engine/graph.js';
import { add, sub, mul, div, sqrt, pow, constant } from '../engine/ops/index.js';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay (AdamW); 0 gives plain Adam. */
  weightDecay?: number;
}

/** Per-step scalars shared by every parameter: stepSize = lr / bc1 and 1 / sqrt(bc2). */
function stepScalars(lr: Tensor, step: Tensor, beta1: number, beta2: number): { stepSize: Tensor; invSqrtBc2: Tensor } {
  const g = lr.graph;
  const bc1 = sub(1, pow(constant(g, beta1), step));
  const bc2 = sub(1, pow(constant(g, beta2), step));
  return { stepSize: div(lr, bc1), invSqrtBc2: div(1, sqrt(bc2)) };
}

export function adam(options: AdamOptions = {}): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  for (const [k, v] of Object.entries({ beta1, beta2 })) {
    if (!(v >= 0 && v < 1)) throw new RangeError(`adam: ${k} must be in [0, 1), got ${v}`);
  }
  if (!(eps > 0)) throw new RangeError(`adam: eps must be > 0, got ${eps}`);
  if (!(weightDecay >= 0)) throw new RangeError(`adam: weightDecay must be >= 0, got ${weightDecay}`);
  const cache = new WeakMap<Tensor, { stepSize: Tensor; invSqrtBc2: Tensor }>();
  return {
    name: weightDecay > 0 ? 'adamw' : 'adam',
    stateSlots: ['m', 'v'],
    update: ({ param, grad, state, lr, step }) => {
      let scalars = cache.get(lr);
      if (scalars === undefined) {
        scalars = stepScalars(lr, step, beta1, beta2);
        cache.set(lr, scalars);
      }
      const m = add(mul(state.m, beta1), mul(grad, 1 - beta1));
      const v = add(mul(state.v, beta2), mul(mul(grad, grad), 1 - beta2));
      // p - lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps). Folding lr into the denominator saves a pass but
      // divides by zero at lr = 0 (then 0 * inf = NaN wherever v = 0), so lr multiplies last.
      const denom = add(mul(sqrt(v), scalars.invSqrtBc2), eps);
      const decayed = weightDecay > 0 ? mul(param, sub(1, mul(lr, weightDecay))) : param;
      return { param: sub(decayed, mul(div(m, denom), scalars.stepSize)), state: { m, v } };
    },
  };
}

export function adamw(options: AdamOptions = {}): Optimizer {
  return adam({ weightDecay: 0.01, ...options });
}
