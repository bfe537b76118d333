// Sum: elementwise sum of several same-shaped tensors in one pass (ONNX Sum); autodiff accumulates with it.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, sameShape, ShapeError } from '../shape.js';

type NoAttrs = Record<string, never>;

export const Sum = defineOp<NoAttrs>({
  type: 'Sum',
  infer: (inputs) => {
    const first = inputs[0];
    if (!first || inputs.some((t) => t.dtype !== first.dtype || !sameShape(t.shape, first.shape))) {
      throw new ShapeError(`Sum: inputs must share dtype and shape, got ${inputs.map((i) => `${i.dtype}${fmt(i.shape)}`).join(', ')}`);
    }
    return [{ dtype: first.dtype, shape: first.shape }];
  },
  vjp: ({ inputs, grads: [g] }) => inputs.map(() => g),
  reference: (inputs) => {
    const out = new Float64Array(inputs[0].data.length);
    for (const t of inputs) for (let i = 0; i < out.length; i++) out[i] += t.data[i];
    return [{ dtype: inputs[0].dtype, shape: inputs[0].shape, data: out }];
  },
  lower: (ctx, ins, [out]) => ctx.emit('Sum', ins, out),
});

export function sum(xs: readonly Tensor[]): Tensor {
  if (xs.length === 1) return xs[0];
  return xs[0].graph.apply(Sum, xs)[0];
}
