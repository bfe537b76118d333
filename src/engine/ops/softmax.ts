// Softmax: exp(x) normalised along one axis; the reference subtracts the row maximum so large logits do not overflow.
import { defineOp, type TensorType } from '../op.js';
import type { Tensor } from '../graph.js';
import { normAxis, numel, ShapeError } from '../shape.js';
import type { NDArray } from '../ndarray.js';
import { reduceSum } from './reduce-sum.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

export type SoftmaxAttrs = { axis: number };

export function inferSoftmax(op: string, [x]: readonly TensorType[], { axis }: SoftmaxAttrs): TensorType[] {
  if (x.dtype !== 'float32') throw new ShapeError(`${op}: input must be float32, got ${x.dtype}`);
  normAxis(op, axis, x.shape.length);
  return [{ dtype: x.dtype, shape: x.shape }];
}

/** Stable float64 softmax (log = false) or log-softmax (log = true) along one axis. */
export function softmaxRef(op: string, x: NDArray, axis: number, log: boolean): NDArray {
  const ax = normAxis(op, axis, x.shape.length);
  const outer = numel(x.shape.slice(0, ax));
  const n = x.shape[ax];
  const inner = numel(x.shape.slice(ax + 1));
  const out = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, x.data[at(k)]);
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x.data[at(k)] - m);
      const logS = Math.log(s);
      for (let k = 0; k < n; k++) out[at(k)] = log ? x.data[at(k)] - m - logS : Math.exp(x.data[at(k)] - m) / s;
    }
  }
  return { dtype: x.dtype, shape: x.shape, data: out };
}

export const Softmax = defineOp<SoftmaxAttrs>({
  type: 'Softmax',
  infer: (inputs, attrs) => inferSoftmax('Softmax', inputs, attrs),
  // dx = y * (g - sum(g * y, axis))
  vjp: ({ outputs: [y], grads: [g], attrs: { axis } }) => [mul(y, sub(g, reduceSum(mul(g, y), [axis], true)))],
  reference: ([x], { axis }) => [softmaxRef('Softmax', x, axis, false)],
  lower: (ctx, [x], [out], { axis }) => ctx.emit('Softmax', [x], out, { axis }),
});

/** Softmax along `axis` (default: the last axis). */
export function softmax(x: Tensor, axis = -1): Tensor {
  return x.graph.apply(Softmax, [x], { axis })[0];
}
