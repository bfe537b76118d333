// Gather: pick slices of data along one axis at integer indices of any rank; the data gradient scatter-adds, so repeated indices accumulate.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { isInteger } from '../dtype.js';
import { fmt, normAxis, numel, ShapeError } from '../shape.js';
import { transpose } from './transpose.js';
import { scatterAdd } from './scatter-add.js';

type GatherAttrs = { axis: number };

/** Throw a RangeError naming the first index outside [0, size). */
export function checkIndexRange(op: string, indices: ArrayLike<number>, size: number): void {
  for (let j = 0; j < indices.length; j++) {
    const v = indices[j];
    if (!(v >= 0 && v < size)) throw new RangeError(`${op}: indices[${j}] must be in [0, ${size}), got ${v}`);
  }
}

export const Gather = defineOp<GatherAttrs>({
  type: 'Gather',
  infer: ([data, indices], { axis }) => {
    if (!isInteger(indices.dtype)) throw new ShapeError(`Gather: indices must be int32 or int64, got ${indices.dtype}${fmt(indices.shape)}`);
    const ax = normAxis('Gather', axis, data.shape.length);
    return [{ dtype: data.dtype, shape: [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)] }];
  },
  vjp: ({ inputs: [data, indices], grads: [g], attrs: { axis } }) => {
    const ax = normAxis('Gather', axis, data.rank);
    if (ax === 0) return [scatterAdd(indices, g, data.shape), null];
    // Move the index axes of g to the front, scatter along axis 0, then move that axis back to `ax`.
    const r = indices.rank;
    const lead = Array.from({ length: ax }, (_, i) => i);
    const idxAxes = Array.from({ length: r }, (_, i) => ax + i);
    const rest = Array.from({ length: g.rank - ax - r }, (_, i) => ax + r + i);
    const front = transpose(g, [...idxAxes, ...lead, ...rest]); // indices.shape + data[:ax] + data[ax+1:]
    const moved = [data.shape[ax], ...data.shape.slice(0, ax), ...data.shape.slice(ax + 1)];
    const scattered = scatterAdd(indices, front, moved); // (data[ax], data[:ax], data[ax+1:])
    const back = data.shape.map((_, i) => (i < ax ? i + 1 : i === ax ? 0 : i));
    return [transpose(scattered, back), null];
  },
  reference: ([data, indices], { axis }) => {
    const ax = normAxis('Gather', axis, data.shape.length);
    const size = data.shape[ax];
    checkIndexRange('Gather', indices.data, size);
    const outer = numel(data.shape.slice(0, ax));
    const inner = numel(data.shape.slice(ax + 1));
    const m = indices.data.length;
    const out = new Float64Array(outer * m * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const src = (o * size + indices.data[j]) * inner;
        out.set(data.data.subarray(src, src + inner), (o * m + j) * inner);
      }
    }
    const shape = [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)];
    return [{ dtype: data.dtype, shape, data: out }];
  },
  lower: (ctx, ins, [out], { axis }) => ctx.emit('Gather', ins, out, { axis }),
});

/** data[..., indices, ...] along `axis` (default 0): output shape data[:axis] + indices.shape + data[axis+1:]. */
export function gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
  return data.graph.apply(Gather, [data, indices], { axis })[0];
}
