// LogSoftmax: x - logsumexp(x) along one axis; the reference subtracts the row maximum so large logits stay finite.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { reduceSum } from './reduce-sum.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { exp } from './exp.js';
import { inferSoftmax, softmaxRef, type SoftmaxAttrs } from './softmax.js';

export const LogSoftmax = defineOp<SoftmaxAttrs>({
  type: 'LogSoftmax',
  infer: (inputs, attrs) => inferSoftmax('LogSoftmax', inputs, attrs),
  // dx = g - exp(y) * sum(g, axis)
  vjp: ({ outputs: [y], grads: [g], attrs: { axis } }) => [sub(g, mul(exp(y), reduceSum(g, [axis], true)))],
  reference: ([x], { axis }) => [softmaxRef('LogSoftmax', x, axis, true)],
  lower: (ctx, [x], [out], { axis }) => ctx.emit('LogSoftmax', [x], out, { axis }),
});

/** Log-softmax along `axis` (default: the last axis). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return x.graph.apply(LogSoftmax, [x], { axis })[0];
}
