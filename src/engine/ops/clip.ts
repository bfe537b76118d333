// Clip: elementwise clamp of float32 x to [min, max]; boundary convention: the gradient passes only strictly inside (min < x < max), so x exactly at a bound gets 0.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { ShapeError } from '../shape.js';
import { broadcastMap } from './elementwise.js';
import { where } from './where.js';
import { greater } from './greater.js';
import { less } from './less.js';

type ClipAttrs = { min: number; max: number };

export const Clip = defineOp<ClipAttrs>({
  type: 'Clip',
  infer: ([x], { min, max }) => {
    if (x.dtype !== 'float32') throw new ShapeError(`Clip: input must be float32, got ${x.dtype}`);
    if (!(min <= max)) throw new RangeError(`Clip: min must be <= max, got min ${min} and max ${max}`);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  vjp: ({ inputs: [x], grads: [g], attrs: { min, max } }) => [where(greater(x, min), where(less(x, max), g, 0), 0)],
  reference: ([x], { min, max }) => [broadcastMap([x], x.dtype, (v) => Math.min(Math.max(v, min), max), 'Clip')],
  // Since opset 11 ONNX Clip takes min and max as optional scalar inputs, not attributes.
  lower: (ctx, [x], [out], { min, max }) => ctx.emit('Clip', [x, ctx.constant('float32', [min], []), ctx.constant('float32', [max], [])], out),
});

/** Clamp x to [min, max] (either bound may be infinite). */
export function clip(x: Tensor, min: number, max: number): Tensor {
  return x.graph.apply(Clip, [x], { min, max })[0];
}
