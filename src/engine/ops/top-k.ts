// TopK: the k largest values along the last axis, sorted descending, and their int64 indices; ties put the lower index first.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, ShapeError } from '../shape.js';
import { scatterElementsAdd } from './scatter-elements-add.js';

type TopKAttrs = { k: number };

export const TopK = defineOp<TopKAttrs>({
  type: 'TopK',
  infer: ([x], { k }) => {
    if (x.dtype !== 'float32') throw new ShapeError(`TopK: input must be float32, got ${x.dtype}`);
    const n = x.shape[x.shape.length - 1];
    if (x.shape.length === 0 || !Number.isInteger(k) || k < 1 || k > n) {
      throw new ShapeError(`TopK: k must be in [1, last dimension] of ${fmt(x.shape)}, got ${k}`);
    }
    const shape = [...x.shape.slice(0, -1), k];
    return [{ dtype: 'float32', shape }, { dtype: 'int64', shape }];
  },
  // The selected positions are distinct, so each value's gradient lands at its source; indices get none.
  vjp: ({ inputs: [x], outputs: [, indices], grads: [g] }) => [scatterElementsAdd(indices, g, -1, x.shape)],
  reference: ([x], { k }) => {
    const n = x.shape[x.shape.length - 1];
    const rows = x.data.length / n;
    const values = new Float64Array(rows * k);
    const idx = new Float64Array(rows * k);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < rows; r++) {
      const v = (i: number) => x.data[r * n + i];
      const sorted = [...order].sort((a, b) => v(b) - v(a) || a - b); // descending, ties by index
      for (let j = 0; j < k; j++) {
        values[r * k + j] = v(sorted[j]);
        idx[r * k + j] = sorted[j];
      }
    }
    const shape = [...x.shape.slice(0, -1), k];
    return [{ dtype: 'float32', shape, data: values }, { dtype: 'int64', shape, data: idx }];
  },
  lower: (ctx, [x], outs, { k }) => {
    ctx.node('TopK', [x, ctx.int64s([k])], { axis: -1, largest: 1, sorted: 1 }, outs);
  },
});

/** The k largest entries along the last axis: [values (float32), indices (int64)], both of shape x.shape[:-1] + [k]. */
export function topK(x: Tensor, k: number): [Tensor, Tensor] {
  const [values, indices] = x.graph.apply(TopK, [x], { k });
  return [values, indices];
}
