// CumSum: running sums along one axis (inclusive), forwards or from the end; the categorical sampler's inverse CDF uses it.
import { defineOp, type TensorType } from '../op.js';
import type { Tensor } from '../graph.js';
import { normAxis, numel, ShapeError } from '../shape.js';
import type { NDArray } from '../ndarray.js';

export type CumSumAttrs = { axis: number; reverse: boolean };

function inferCumSum([x]: readonly TensorType[], { axis }: CumSumAttrs): TensorType[] {
  if (x.dtype !== 'float32') throw new ShapeError(`CumSum: input must be float32, got ${x.dtype}`);
  normAxis('CumSum', axis, x.shape.length);
  return [{ dtype: x.dtype, shape: x.shape }];
}

function cumSumRef(x: NDArray, axis: number, reverse: boolean): NDArray {
  const ax = normAxis('CumSum', axis, x.shape.length);
  const outer = numel(x.shape.slice(0, ax));
  const n = x.shape[ax];
  const inner = numel(x.shape.slice(ax + 1));
  const out = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let running = 0;
      for (let step = 0; step < n; step++) {
        const k = reverse ? n - 1 - step : step;
        const at = (o * n + k) * inner + i;
        running += x.data[at];
        out[at] = running;
      }
    }
  }
  return { dtype: x.dtype, shape: x.shape, data: out };
}

export const CumSum = defineOp<CumSumAttrs>({
  type: 'CumSum',
  infer: inferCumSum,
  // y_k = sum_{j <= k} x_j, so dx_j = sum_{k >= j} g_k: the running sum of g in the other direction
  vjp: ({ grads: [g], attrs: { axis, reverse } }) => [cumSum(g, axis, !reverse)],
  reference: ([x], { axis, reverse }) => [cumSumRef(x, axis, reverse)],
  lower: (ctx, [x], [out], { axis, reverse }) => ctx.emit('CumSum', [x, ctx.constant('int64', [axis], [])], out, { exclusive: 0, reverse: reverse ? 1 : 0 }),
});

/** Inclusive running sums of x along `axis`: y[..., k, ...] = sum of x[..., j, ...] for j <= k (j >= k when reverse). */
export function cumSum(x: Tensor, axis = -1, reverse = false): Tensor {
  return x.graph.apply(CumSum, [x], { axis, reverse })[0];
}
