// Stochastic gradient descent with optional (Nesterov) momentum, as traced ops with PyTorch's formulas.
import type { Optimizer } from '../engine/train-step.js';
import { add, sub, mul } from '../engine/ops/index.js';

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
}

export function sgd(options: SgdOptions = {}): Optimizer {
  const momentum = options.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`sgd: momentum must be in [0, 1), got ${momentum}`);
  if (options.nesterov && momentum === 0) throw new RangeError('sgd: nesterov must come with momentum > 0, got momentum 0');
  if (momentum === 0) {
    return { name: 'sgd', stateSlots: [], update: ({ param, grad, lr }) => ({ param: sub(param, mul(grad, lr)), state: {} }) };
  }
  return {
    name: 'sgd',
    stateSlots: ['momentum'],
    // buf = mu * buf + g; p -= lr * (nesterov ? g + mu * buf : buf). The buffer starts at zero, so step 1 gives buf = g as in PyTorch.
    update: ({ param, grad, state, lr }) => {
      const buf = add(mul(state.momentum, momentum), grad);
      const direction = options.nesterov ? add(grad, mul(buf, momentum)) : buf;
      return { param: sub(param, mul(direction, lr)), state: { momentum: buf } };
    },
  };
}
