// ArgMax: int64 position of the maximum along one axis; ties resolve to the first (lowest) index; no gradient.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { normAxis, numel, ShapeError } from '../shape.js';

type ArgMaxAttrs = { axis: number; keepdims: boolean };

function outShape(shape: readonly number[], axis: number, keepdims: boolean): number[] {
  const ax = normAxis('ArgMax', axis, shape.length);
  return shape.flatMap((d, i) => (i !== ax ? [d] : keepdims ? [1] : []));
}

export const ArgMax = defineOp<ArgMaxAttrs>({
  type: 'ArgMax',
  infer: ([x], { axis, keepdims }) => {
    if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new ShapeError(`ArgMax: input must be float32 or int32, got ${x.dtype}`);
    return [{ dtype: 'int64', shape: outShape(x.shape, axis, keepdims) }];
  },
  vjp: 'none',
  reference: ([x], { axis, keepdims }) => {
    const ax = normAxis('ArgMax', axis, x.shape.length);
    const outer = numel(x.shape.slice(0, ax));
    const n = x.shape[ax];
    const inner = numel(x.shape.slice(ax + 1));
    const out = new Float64Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let best = 0;
        for (let k = 1; k < n; k++) if (x.data[(o * n + k) * inner + i] > x.data[(o * n + best) * inner + i]) best = k;
        out[o * inner + i] = best;
      }
    }
    return [{ dtype: 'int64', shape: outShape(x.shape, axis, keepdims), data: out }];
  },
  lower: (ctx, [x], [out], { axis, keepdims }) => ctx.emit('ArgMax', [x], out, { axis, keepdims: keepdims ? 1 : 0, select_last_index: 0 }),
});

/** Index of the maximum along `axis` (default: last), int64; ties give the first index. */
export function argMax(x: Tensor, axis = -1, keepdims = false): Tensor {
  return x.graph.apply(ArgMax, [x], { axis, keepdims })[0];
}
