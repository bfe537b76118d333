// ReduceSum: sum over axes; its gradient broadcasts the output gradient back over the reduced axes.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { inferReduce, reduceRef, reducedShape, type ReduceAttrs } from './reduce.js';
import { reshape } from './reshape.js';
import { expand } from './expand.js';

export const ReduceSum = defineOp<ReduceAttrs>({
  type: 'ReduceSum',
  infer: ([x], attrs) => inferReduce('ReduceSum', x, attrs),
  vjp: ({ inputs: [x], grads: [g], attrs }) => [expand(reshape(g, reducedShape('ReduceSum', x.shape, attrs.axes, true)), x.shape)],
  reference: ([x], attrs) => [reduceRef('ReduceSum', x, attrs, 0, (a, v) => a + v)],
  // noop_with_empty_axes: ONNX reads an empty axes input as 'reduce everything'; ours means 'reduce nothing'
  lower: (ctx, [x], [out], { axes, keepdims }) => ctx.emit('ReduceSum', [x, ctx.int64s(axes)], out, { keepdims: keepdims ? 1 : 0, noop_with_empty_axes: 1 }),
});

/** Sum over `axes` (all axes when omitted). */
export function reduceSum(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return x.graph.apply(ReduceSum, [x], { axes: axes ?? x.shape.map((_, i) => i), keepdims })[0];
}
