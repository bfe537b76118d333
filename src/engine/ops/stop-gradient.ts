// StopGradient: identity in the forward pass, no gradient in the backward pass (rewards, targets, baselines).
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';

type NoAttrs = Record<string, never>;

export const StopGradient = defineOp<NoAttrs>({
  type: 'StopGradient',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  vjp: () => [null],
  reference: ([x]) => [x],
  lower: (ctx, ins, [out]) => ctx.emit('Identity', ins, out),
});

export function stopGradient(x: Tensor): Tensor {
  return x.graph.apply(StopGradient, [x])[0];
}
