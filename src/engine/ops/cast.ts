// Cast: convert to another dtype (float to int truncates toward zero, nonzero to bool is true); only float -> float passes a gradient.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { DTYPES, isFloat, onnxDataType, type DType } from '../dtype.js';
import { ShapeError } from '../shape.js';
import { castValue } from '../ndarray.js';

type CastAttrs = { to: DType };

export const Cast = defineOp<CastAttrs>({
  type: 'Cast',
  infer: ([x], { to }) => {
    if (!DTYPES.includes(to)) throw new ShapeError(`Cast: target dtype must be one of ${DTYPES.join(', ')}, got ${String(to)}`);
    return [{ dtype: to, shape: x.shape }];
  },
  vjp: ({ inputs: [x], grads: [g], attrs: { to } }) => [isFloat(x.dtype) && isFloat(to) ? g : null],
  reference: ([x], { to }) => [{ dtype: to, shape: x.shape, data: x.data.map((v) => castValue(v, to)) }],
  lower: (ctx, ins, [out], { to }) => ctx.emit('Cast', ins, out, { to: onnxDataType(to) }),
});

/** Convert x to `dtype`; always records a node, even when the dtype already matches. */
export function cast(x: Tensor, dtype: DType): Tensor {
  return x.graph.apply(Cast, [x], { to: dtype })[0];
}
