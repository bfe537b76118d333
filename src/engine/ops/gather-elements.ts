// GatherElements: out[c] = data[c with c[axis] = indices[c]] (take-along-axis); the data gradient scatter-adds, so repeats accumulate.
import { defineOp, type TensorType } from '../op.js';
import type { Tensor } from '../graph.js';
import { isInteger } from '../dtype.js';
import { fmt, normAxis, numel, ShapeError, strides, type Shape } from '../shape.js';
import { unravel, type NDArray } from '../ndarray.js';
import { scatterElementsAdd } from './scatter-elements-add.js';

type GatherElementsAttrs = { axis: number };

/** Shared shape rule: integer indices of the target's rank, no larger than `shape` off the axis. */
export function checkElementIndices(op: string, indices: TensorType, shape: Shape, axis: number): number {
  if (!isInteger(indices.dtype)) throw new ShapeError(`${op}: indices must be int32 or int64, got ${indices.dtype}${fmt(indices.shape)}`);
  const ax = normAxis(op, axis, shape.length);
  const fits = indices.shape.length === shape.length && indices.shape.every((d, i) => i === ax || d <= shape[i]);
  if (!fits) throw new ShapeError(`${op}: indices must have rank ${shape.length} and fit in ${fmt(shape)} off axis ${ax}, got ${fmt(indices.shape)}`);
  return ax;
}

/** For each element of `indices`: its flat position in an array of `shape` once c[axis] is replaced by the index. */
export function elementTargets(op: string, indices: NDArray, shape: Shape, ax: number): Int32Array {
  const st = strides(shape);
  const n = numel(indices.shape);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = indices.data[i];
    if (!(v >= 0 && v < shape[ax])) throw new RangeError(`${op}: indices[${i}] must be in [0, ${shape[ax]}), got ${v}`);
    const c = unravel(i, indices.shape);
    c[ax] = v;
    out[i] = c.reduce((s, ci, d) => s + ci * st[d], 0);
  }
  return out;
}

export const GatherElements = defineOp<GatherElementsAttrs>({
  type: 'GatherElements',
  infer: ([data, indices], { axis }) => {
    checkElementIndices('GatherElements', indices, data.shape, axis);
    return [{ dtype: data.dtype, shape: indices.shape }];
  },
  vjp: ({ inputs: [data, indices], grads: [g], attrs: { axis } }) => [scatterElementsAdd(indices, g, axis, data.shape), null],
  reference: ([data, indices], { axis }) => {
    const ax = normAxis('GatherElements', axis, data.shape.length);
    const src = elementTargets('GatherElements', indices, data.shape, ax);
    return [{ dtype: data.dtype, shape: indices.shape, data: Float64Array.from(src, (s) => data.data[s]) }];
  },
  lower: (ctx, ins, [out], { axis }) => ctx.emit('GatherElements', ins, out, { axis }),
});

/** Take along `axis`: out has the shape of `indices` (same rank as data). */
export function gatherElements(data: Tensor, indices: Tensor, axis: number): Tensor {
  return data.graph.apply(GatherElements, [data, indices], { axis })[0];
}
