// Reshape: same elements, new static shape (one -1 is inferred).
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, numel, ShapeError, type Shape } from '../shape.js';

type ReshapeAttrs = { shape: readonly number[] };

export const Reshape = defineOp<ReshapeAttrs>({
  type: 'Reshape',
  infer: ([x], { shape }) => {
    if (numel(shape) !== numel(x.shape) || shape.some((d) => d < 0)) {
      throw new ShapeError(`Reshape: cannot reshape ${fmt(x.shape)} to ${fmt(shape)}`);
    }
    return [{ dtype: x.dtype, shape }];
  },
  vjp: ({ inputs: [x], grads: [g] }) => [reshape(g, x.shape)],
  reference: ([x], { shape }) => [{ dtype: x.dtype, shape: [...shape], data: x.data }],
  lower: (ctx, [x], [out], { shape }) => ctx.emit('Reshape', [x, ctx.int64s(shape)], out),
});

export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const holes = shape.length - known.length;
  if (holes > 1) throw new ShapeError(`Reshape: at most one -1 allowed, got ${fmt(shape)}`);
  const resolved = holes === 0 ? shape : shape.map((d) => (d === -1 ? numel(x.shape) / Math.max(numel(known), 1) : d));
  if (resolved.some((d) => !Number.isInteger(d))) throw new ShapeError(`Reshape: cannot reshape ${fmt(x.shape)} to ${fmt(shape)}`);
  if (resolved.length === x.rank && resolved.every((d, i) => d === x.shape[i])) return x;
  return x.graph.apply(Reshape, [x], { shape: resolved })[0];
}
