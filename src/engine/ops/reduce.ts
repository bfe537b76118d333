// Shared pieces of the reduction ops: the reduced shape and a float64 reduction loop.
import type { TensorType } from '../op.js';
import { normAxes, numel, strides, type Shape } from '../shape.js';
import type { NDArray } from '../ndarray.js';

export type ReduceAttrs = { axes: readonly number[]; keepdims: boolean };

export function reducedShape(op: string, shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const ax = normAxes(op, axes, shape.length);
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!ax.includes(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

export function inferReduce(op: string, x: TensorType, { axes, keepdims }: ReduceAttrs, dtype = x.dtype): TensorType[] {
  return [{ dtype, shape: reducedShape(op, x.shape, axes, keepdims) }];
}

/**
 * Reduce x over axes: each output element folds its input elements with `step` starting at `init`,
 * then `finish(acc, count)` maps the accumulator to the result.
 */
export function reduceRef(op: string, x: NDArray, { axes, keepdims }: ReduceAttrs,
  init: number, step: (acc: number, v: number) => number, finish: (acc: number, count: number) => number = (a) => a): NDArray {
  const ax = normAxes(op, axes, x.shape.length);
  const keptShape = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const outN = numel(keptShape);
  const acc = new Float64Array(outN).fill(init);
  const inStrides = strides(x.shape);
  const outStrides = strides(keptShape);
  const n = numel(x.shape);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let o = 0;
    for (let d = 0; d < x.shape.length; d++) {
      const c = Math.floor(rem / inStrides[d]);
      rem -= c * inStrides[d];
      if (keptShape[d] !== 1) o += c * outStrides[d];
    }
    acc[o] = step(acc[o], x.data[i]);
  }
  const count = n / Math.max(outN, 1);
  for (let o = 0; o < outN; o++) acc[o] = finish(acc[o], count);
  return { dtype: x.dtype, shape: reducedShape(op, x.shape, axes, keepdims), data: acc };
}
