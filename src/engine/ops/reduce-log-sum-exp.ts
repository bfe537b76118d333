// ReduceLogSumExp: log(sum(exp(x))) over axes, computed as max + log(sum(exp(x - max))) so large inputs do not overflow.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { ShapeError } from '../shape.js';
import type { NDArray } from '../ndarray.js';
import { inferReduce, reduceRef, reducedShape, type ReduceAttrs } from './reduce.js';
import { reshape } from './reshape.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { exp } from './exp.js';

/** Stable float64 log-sum-exp over axes: subtract the per-output maximum before exponentiating. */
function logSumExpRef(x: NDArray, attrs: ReduceAttrs): NDArray {
  const kept = { axes: attrs.axes, keepdims: true };
  const m = reduceRef('ReduceLogSumExp', x, kept, -Infinity, Math.max);
  const shifted = expShifted(x, m, attrs.axes);
  const s = reduceRef('ReduceLogSumExp', shifted, kept, 0, (a, v) => a + v);
  const data = s.data.map((v, i) => (Number.isFinite(m.data[i]) ? m.data[i] + Math.log(v) : m.data[i]));
  return { dtype: x.dtype, shape: reducedShape('ReduceLogSumExp', x.shape, attrs.axes, attrs.keepdims), data };
}

/** exp(x - m) with m (keepdims shape) broadcast over x. */
function expShifted(x: NDArray, m: NDArray, axes: readonly number[]): NDArray {
  const rank = x.shape.length;
  const ax = axes.map((a) => (a < 0 ? a + rank : a));
  const out = new Float64Array(x.data.length);
  const coords = new Array<number>(rank).fill(0);
  for (let i = 0; i < x.data.length; i++) {
    let o = 0;
    for (let d = 0; d < rank; d++) o = o * m.shape[d] + (ax.includes(d) ? 0 : coords[d]);
    out[i] = Math.exp(x.data[i] - m.data[o]);
    for (let d = rank - 1; d >= 0; d--) {
      if (++coords[d] < x.shape[d]) break;
      coords[d] = 0;
    }
  }
  return { dtype: x.dtype, shape: x.shape, data: out };
}

export const ReduceLogSumExp = defineOp<ReduceAttrs>({
  type: 'ReduceLogSumExp',
  infer: ([x], attrs) => {
    if (x.dtype !== 'float32') throw new ShapeError(`ReduceLogSumExp: input must be float32, got ${x.dtype}`);
    return inferReduce('ReduceLogSumExp', x, attrs);
  },
  // d lse / dx = softmax over the axes = exp(x - lse).
  vjp: ({ inputs: [x], outputs: [y], grads: [g], attrs }) => {
    const keptShape = reducedShape('ReduceLogSumExp', x.shape, attrs.axes, true);
    const p = exp(sub(x, reshape(y, keptShape))); // x.shape
    return [mul(p, reshape(g, keptShape))]; // broadcast over the reduced axes
  },
  reference: ([x], attrs) => [logSumExpRef(x, attrs)],
  lower: (ctx, [x], [out], { axes, keepdims }) => {
    if (axes.length === 0) ctx.emit('Identity', [x], out);
    else ctx.emit('ReduceLogSumExp', [x, ctx.int64s(axes)], out, { keepdims: keepdims ? 1 : 0 });
  },
});

/** log(sum(exp(x))) over `axes` (all axes when omitted). */
export function logSumExp(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return x.graph.apply(ReduceLogSumExp, [x], { axes: axes ?? x.shape.map((_, i) => i), keepdims })[0];
}
