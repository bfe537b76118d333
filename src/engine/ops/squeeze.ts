// Squeeze: drop size-1 axes; the gradient reshapes back to the input shape.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, normAxes, ShapeError } from '../shape.js';
import { reshape } from './reshape.js';

type SqueezeAttrs = { axes: readonly number[] };

function squeezedShape(shape: readonly number[], axes: readonly number[]): number[] {
  const ax = normAxes('Squeeze', axes, shape.length);
  for (const a of ax) {
    if (shape[a] !== 1) throw new ShapeError(`Squeeze: axis ${a} of ${fmt(shape)} must have size 1, got ${shape[a]}`);
  }
  return shape.filter((_, i) => !ax.includes(i));
}

export const Squeeze = defineOp<SqueezeAttrs>({
  type: 'Squeeze',
  infer: ([x], { axes }) => [{ dtype: x.dtype, shape: squeezedShape(x.shape, axes) }],
  vjp: ({ inputs: [x], grads: [g] }) => [reshape(g, x.shape)],
  reference: ([x], { axes }) => [{ dtype: x.dtype, shape: squeezedShape(x.shape, axes), data: x.data }],
  lower: (ctx, [x], [out], { axes }) => ctx.emit('Squeeze', [x, ctx.int64s(axes)], out),
});

/** Drop the given size-1 axes (every size-1 axis when omitted). */
export function squeeze(x: Tensor, axes?: readonly number[]): Tensor {
  const ax = axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  if (ax.length === 0) return x;
  return x.graph.apply(Squeeze, [x], { axes: [...ax] })[0];
}
