// Expand: broadcast a tensor to a larger static shape; the gradient sums back to the input shape.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { broadcastShapes, fmt, sameShape, ShapeError, type Shape } from '../shape.js';
import { broadcastMap } from './elementwise.js';
import { sumToShape } from './sum-to-shape.js';

type ExpandAttrs = { shape: readonly number[] };

export const Expand = defineOp<ExpandAttrs>({
  type: 'Expand',
  infer: ([x], { shape }) => {
    const out = broadcastShapes('Expand', [x.shape, shape]);
    if (!sameShape(out, shape)) throw new ShapeError(`Expand: cannot expand ${fmt(x.shape)} to ${fmt(shape)}`);
    return [{ dtype: x.dtype, shape }];
  },
  vjp: ({ inputs: [x], grads: [g] }) => [sumToShape(g, x.shape)],
  reference: ([x], { shape }) => [broadcastMap([x], x.dtype, (v) => v, 'Expand', shape)],
  lower: (ctx, [x], [out], { shape }) => ctx.emit('Expand', [x, ctx.int64s(shape)], out),
});

export function expand(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  return x.graph.apply(Expand, [x], { shape: [...shape] })[0];
}
