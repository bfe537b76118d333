// ScatterElementsAdd: zeros of a static shape with each update added at its index along one axis; repeated targets accumulate.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { onnxDataType } from '../dtype.js';
import { fmt, normAxis, numel, sameShape, ShapeError } from '../shape.js';
import { nd } from '../ndarray.js';
import { checkElementIndices, elementTargets, gatherElements } from './gather-elements.js';

type ScatterElementsAddAttrs = { axis: number; shape: readonly number[] };

export const ScatterElementsAdd = defineOp<ScatterElementsAddAttrs>({
  type: 'ScatterElementsAdd',
  infer: ([indices, updates], { axis, shape }) => {
    checkElementIndices('ScatterElementsAdd', indices, shape, axis);
    if (updates.dtype !== 'float32') throw new ShapeError(`ScatterElementsAdd: updates must be float32, got ${updates.dtype}`);
    if (!sameShape(updates.shape, indices.shape)) {
      throw new ShapeError(`ScatterElementsAdd: updates must have the indices' shape ${fmt(indices.shape)}, got ${fmt(updates.shape)}`);
    }
    return [{ dtype: 'float32', shape }];
  },
  vjp: ({ inputs: [indices], grads: [g], attrs: { axis } }) => [null, gatherElements(g, indices, axis)],
  reference: ([indices, updates], { axis, shape }) => {
    const ax = normAxis('ScatterElementsAdd', axis, shape.length);
    const dst = elementTargets('ScatterElementsAdd', indices, shape, ax);
    const out = new Float64Array(numel(shape));
    dst.forEach((d, i) => { out[d] += updates.data[i]; });
    return [{ dtype: 'float32', shape: [...shape], data: out }];
  },
  lower: (ctx, [indices, updates], [out], { axis, shape }) => {
    const zeros = ctx.node('ConstantOfShape', [ctx.int64s(shape)], { value: { tensor: nd('float32', [1], [0]) } })[0];
    const idx64 = ctx.node('Cast', [indices], { to: onnxDataType('int64') })[0];
    ctx.emit('ScatterElements', [zeros, idx64, updates], out, { axis, reduction: 'add' });
  },
});

/** zeros(shape) with updates[c] added at c with c[axis] = indices[c]. */
export function scatterElementsAdd(indices: Tensor, updates: Tensor, axis: number, shape: readonly number[]): Tensor {
  return indices.graph.apply(ScatterElementsAdd, [indices, updates], { axis, shape: [...shape] })[0];
}
