// ReduceMean: mean over axes; the gradient spreads g / count evenly over the reduced elements.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { numel, ShapeError } from '../shape.js';
import { inferReduce, reduceRef, reducedShape, type ReduceAttrs } from './reduce.js';
import { reshape } from './reshape.js';
import { expand } from './expand.js';
import { mul } from './mul.js';

export const ReduceMean = defineOp<ReduceAttrs>({
  type: 'ReduceMean',
  infer: ([x], attrs) => {
    if (x.dtype !== 'float32') throw new ShapeError(`ReduceMean: input must be float32, got ${x.dtype}`);
    return inferReduce('ReduceMean', x, attrs);
  },
  vjp: ({ inputs: [x], outputs: [y], grads: [g], attrs }) => {
    const count = numel(x.shape) / Math.max(numel(y.shape), 1);
    const kept = reshape(g, reducedShape('ReduceMean', x.shape, attrs.axes, true)); // y.shape -> keepdims shape
    return [expand(mul(kept, 1 / count), x.shape)];
  },
  reference: ([x], attrs) => [reduceRef('ReduceMean', x, attrs, 0, (a, v) => a + v, (a, n) => a / n)],
  lower: (ctx, [x], [out], { axes, keepdims }) => {
    // Opset 18 reads an empty axes input as "all axes"; an empty axes list here means no reduction.
    if (axes.length === 0) ctx.emit('Identity', [x], out);
    else ctx.emit('ReduceMean', [x, ctx.int64s(axes)], out, { keepdims: keepdims ? 1 : 0 });
  },
});

/** Mean over `axes` (all axes when omitted). */
export function reduceMean(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return x.graph.apply(ReduceMean, [x], { axes: axes ?? x.shape.map((_, i) => i), keepdims })[0];
}
