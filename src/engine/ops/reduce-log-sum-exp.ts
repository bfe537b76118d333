// ReduceLogSumExp: log(sum(exp(x))) over axes, computed as max + log(sum(exp(x - max))) so large inputs do not overflow.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { ShapeError } from '../shape.js';
import { broadcastIndexer, type NDArray } from '../ndarray.js';
import { inferReduce, reduceRef, reducedShape, type ReduceAttrs } from './reduce.js';
import { reshape } from './reshape.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { exp } from './exp.js';

/** Stable float64 log-sum-exp over axes: subtract the per-output maximum before exponentiating. */
function logSumExpRef(x: NDArray, attrs: ReduceAttrs): NDArray {
  const kept = { axes: attrs.axes, keepdims: true };
  const m = reduceRef('ReduceLogSumExp', x, kept, -Infinity, Math.max);
  const at = broadcastIndexer(m.shape, x.shape);
  const shifted = { ...x, data: x.data.map((v, i) => Math.exp(v - m.data[at(i)])) }; // exp(x - max), x.shape
  const s = reduceRef('ReduceLogSumExp', shifted, kept, 0, (a, v) => a + v);
  const data = s.data.map((v, i) => (Number.isFinite(m.data[i]) ? m.data[i] + Math.log(v) : m.data[i]));
  return { dtype: x.dtype, shape: reducedShape('ReduceLogSumExp', x.shape, attrs.axes, attrs.keepdims), data };
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
  // ORT's ReduceLogSumExp shifts by the max itself: rows of +-1000 stay finite (checked in the op table).
  lower: (ctx, [x], [out], { axes, keepdims }) => {
    if (axes.length === 0) ctx.emit('Identity', [x], out);
    else ctx.emit('ReduceLogSumExp', [x, ctx.int64s(axes)], out, { keepdims: keepdims ? 1 : 0 });
  },
});

/** log(sum(exp(x))) over `axes` (all axes when omitted). */
export function logSumExp(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return x.graph.apply(ReduceLogSumExp, [x], { axes: axes ?? x.shape.map((_, i) => i), keepdims })[0];
}
