// ScatterAdd: zeros of a static shape with rows of `updates` added at `indices` along axis 0; repeated indices accumulate.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { isInteger, onnxDataType } from '../dtype.js';
import { fmt, numel, sameShape, ShapeError } from '../shape.js';
import { nd } from '../ndarray.js';
import { checkIndexRange, gather } from './gather.js';

type ScatterAddAttrs = { shape: readonly number[] };

export const ScatterAdd = defineOp<ScatterAddAttrs>({
  type: 'ScatterAdd',
  infer: ([indices, updates], { shape }) => {
    if (!isInteger(indices.dtype)) throw new ShapeError(`ScatterAdd: indices must be int32 or int64, got ${indices.dtype}${fmt(indices.shape)}`);
    if (updates.dtype !== 'float32') throw new ShapeError(`ScatterAdd: updates must be float32, got ${updates.dtype}`);
    const want = [...indices.shape, ...shape.slice(1)];
    if (shape.length === 0 || !sameShape(updates.shape, want)) {
      throw new ShapeError(`ScatterAdd: updates must have shape indices.shape + shape[1:] = ${fmt(want)}, got ${fmt(updates.shape)}`);
    }
    return [{ dtype: 'float32', shape }];
  },
  vjp: ({ inputs: [indices], grads: [g] }) => [null, gather(g, indices, 0)],
  reference: ([indices, updates], { shape }) => {
    checkIndexRange('ScatterAdd', indices.data, shape[0]);
    const inner = numel(shape.slice(1));
    const out = new Float64Array(numel(shape));
    indices.data.forEach((row, j) => {
      for (let k = 0; k < inner; k++) out[row * inner + k] += updates.data[j * inner + k];
    });
    return [{ dtype: 'float32', shape: [...shape], data: out }];
  },
  lower: (ctx, [indices, updates], [out], { shape }) => {
    const zeros = ctx.node('ConstantOfShape', [ctx.int64s(shape)], { value: { tensor: nd('float32', [1], [0]) } })[0];
    const idx64 = ctx.node('Cast', [indices], { to: onnxDataType('int64') })[0];
    const idx = ctx.node('Reshape', [idx64, ctx.int64s([-1, 1])])[0]; // indices.shape -> (N, 1)
    const upd = ctx.node('Reshape', [updates, ctx.int64s([-1, ...shape.slice(1)])])[0]; // -> (N, ...shape[1:])
    ctx.emit('ScatterND', [zeros, idx, upd], out, { reduction: 'add' });
  },
});

/** zeros(shape) with updates[j] added at row indices[j]; updates has shape indices.shape + shape[1:]. */
export function scatterAdd(indices: Tensor, updates: Tensor, shape: readonly number[]): Tensor {
  return indices.graph.apply(ScatterAdd, [indices, updates], { shape: [...shape] })[0];
}
