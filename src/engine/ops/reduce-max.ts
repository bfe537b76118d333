// ReduceMax: maximum over axes; the gradient goes to the maximal elements, split equally among tied maxima.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { ShapeError } from '../shape.js';
import { inferReduce, reduceRef, reducedShape, type ReduceAttrs } from './reduce.js';
import { reshape } from './reshape.js';
import { reduceSum } from './reduce-sum.js';
import { equal } from './equal.js';
import { cast } from './cast.js';
import { mul } from './mul.js';
import { div } from './div.js';

export const ReduceMax = defineOp<ReduceAttrs>({
  type: 'ReduceMax',
  infer: ([x], attrs) => {
    if (x.dtype === 'bool') throw new ShapeError(`ReduceMax: input must be float32, int32 or int64, got ${x.dtype}`);
    return inferReduce('ReduceMax', x, attrs);
  },
  vjp: ({ inputs: [x], outputs: [y], grads: [g], attrs }) => {
    const keptShape = reducedShape('ReduceMax', x.shape, attrs.axes, true);
    const mask = cast(equal(x, reshape(y, keptShape)), 'float32'); // x.shape, 1 at every maximum
    const ties = reduceSum(mask, attrs.axes, true); // keepdims shape, >= 1
    return [mul(mask, div(reshape(g, keptShape), ties))];
  },
  reference: ([x], attrs) => [reduceRef('ReduceMax', x, attrs, -Infinity, Math.max)],
  lower: (ctx, [x], [out], { axes, keepdims }) => {
    if (axes.length === 0) ctx.emit('Identity', [x], out);
    else ctx.emit('ReduceMax', [x, ctx.int64s(axes)], out, { keepdims: keepdims ? 1 : 0 });
  },
});

/** Maximum over `axes` (all axes when omitted). */
export function reduceMax(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return x.graph.apply(ReduceMax, [x], { axes: axes ?? x.shape.map((_, i) => i), keepdims })[0];
}
