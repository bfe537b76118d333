// Where: elementwise select (a where cond, else b) broadcasting all three; trap: the unselected branch still runs, so where(x > 0, log(x), 0) gives a 0/0 = NaN gradient at x = 0.
import { defineOp, type TensorType } from '../op.js';
import type { Tensor } from '../graph.js';
import { broadcastShapes, fmt, ShapeError } from '../shape.js';
import { broadcastMap } from './elementwise.js';
import { operands, type Operand } from './binary-args.js';
import { sumToShape } from './sum-to-shape.js';

type NoAttrs = Record<string, never>;

const show = (t: TensorType): string => `${t.dtype}${fmt(t.shape)}`;

export const Where = defineOp<NoAttrs>({
  type: 'Where',
  infer: ([cond, a, b]) => {
    if (cond.dtype !== 'bool') throw new ShapeError(`Where: condition must be bool, got ${show(cond)}`);
    if (a.dtype !== b.dtype) throw new ShapeError(`Where: branches must share a dtype, got ${show(a)} and ${show(b)}`);
    return [{ dtype: a.dtype, shape: broadcastShapes('Where', [cond.shape, a.shape, b.shape]) }];
  },
  vjp: ({ inputs: [cond, a, b], grads: [g] }) => [
    null,
    sumToShape(where(cond, g, 0), a.shape),
    sumToShape(where(cond, 0, g), b.shape),
  ],
  reference: ([cond, a, b]) => [broadcastMap([cond, a, b], a.dtype, (c, x, y) => (c !== 0 ? x : y), 'Where')],
  lower: (ctx, ins, [out]) => ctx.emit('Where', ins, out),
});

/** Select a where cond is true, else b; a number branch becomes a constant of the other branch's dtype. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const [x, y] = operands('Where', a, b);
  return cond.graph.apply(Where, [cond, x, y])[0];
}
