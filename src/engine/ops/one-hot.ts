// OneHot: integer indices -> float32 with a new last axis of length depth, 1 at the index; indices outside [0, depth) throw in the reference (ORT gives a zero row).
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { isInteger, onnxDataType } from '../dtype.js';
import { fmt, ShapeError } from '../shape.js';
import { checkIndexRange } from './gather.js';

type OneHotAttrs = { depth: number };

export const OneHot = defineOp<OneHotAttrs>({
  type: 'OneHot',
  infer: ([indices], { depth }) => {
    if (!isInteger(indices.dtype)) throw new ShapeError(`OneHot: indices must be int32 or int64, got ${indices.dtype}${fmt(indices.shape)}`);
    if (!Number.isInteger(depth) || depth < 1) throw new ShapeError(`OneHot: depth must be a positive integer, got ${depth}`);
    return [{ dtype: 'float32', shape: [...indices.shape, depth] }];
  },
  vjp: 'none',
  reference: ([indices], { depth }) => {
    checkIndexRange('OneHot', indices.data, depth);
    const out = new Float64Array(indices.data.length * depth);
    indices.data.forEach((v, j) => { out[j * depth + v] = 1; });
    return [{ dtype: 'float32', shape: [...indices.shape, depth], data: out }];
  },
  lower: (ctx, [indices], [out], { depth }) => {
    const idx64 = ctx.node('Cast', [indices], { to: onnxDataType('int64') })[0];
    // depth is a scalar tensor; values is [off, on] and sets the output dtype.
    ctx.emit('OneHot', [idx64, ctx.constant('int64', [depth], []), ctx.constant('float32', [0, 1])], out, { axis: -1 });
  },
});

/** One-hot float32 encoding of integer indices with a new last axis of length `depth`. */
export function oneHot(indices: Tensor, depth: number): Tensor {
  return indices.graph.apply(OneHot, [indices], { depth })[0];
}
