// Unsqueeze: insert size-1 axes at the given positions of the output; the gradient reshapes back.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { normAxes } from '../shape.js';
import { reshape } from './reshape.js';

type UnsqueezeAttrs = { axes: readonly number[] };

function unsqueezedShape(shape: readonly number[], axes: readonly number[]): number[] {
  const rank = shape.length + axes.length;
  const ax = normAxes('Unsqueeze', axes, rank); // positions in the output
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(ax.includes(i) ? 1 : shape[k++]);
  return out;
}

export const Unsqueeze = defineOp<UnsqueezeAttrs>({
  type: 'Unsqueeze',
  infer: ([x], { axes }) => [{ dtype: x.dtype, shape: unsqueezedShape(x.shape, axes) }],
  vjp: ({ inputs: [x], grads: [g] }) => [reshape(g, x.shape)],
  reference: ([x], { axes }) => [{ dtype: x.dtype, shape: unsqueezedShape(x.shape, axes), data: x.data }],
  lower: (ctx, [x], [out], { axes }) => ctx.emit('Unsqueeze', [x, ctx.int64s(axes)], out),
});

/** Insert size-1 axes at `axes` (positions in the output; negatives count from its end). */
export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length === 0) return x;
  return x.graph.apply(Unsqueeze, [x], { axes: [...axes] })[0];
}
