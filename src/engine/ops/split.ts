// Split: cut a tensor into consecutive pieces along one axis; the gradient concatenates them back.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, normAxis, numel, ShapeError } from '../shape.js';
import { concat } from './concat.js';

type SplitAttrs = { axis: number; sizes: readonly number[] };

export const Split = defineOp<SplitAttrs>({
  type: 'Split',
  infer: ([x], { axis, sizes }) => {
    const ax = normAxis('Split', axis, x.shape.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== x.shape[ax] || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ShapeError(`Split: sizes [${sizes.join(', ')}] must sum to dimension ${ax} of ${fmt(x.shape)}`);
    }
    return sizes.map((s) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? s : d)) }));
  },
  // Outputs that did not reach the loss arrive as zeros, so concatenation is always well formed.
  vjp: ({ grads, attrs: { axis } }) => [concat(grads, axis)],
  reference: ([x], { axis, sizes }) => {
    const ax = normAxis('Split', axis, x.shape.length);
    const outer = numel(x.shape.slice(0, ax));
    const inner = numel(x.shape.slice(ax + 1));
    const rowLen = x.shape[ax] * inner;
    let offset = 0;
    return sizes.map((s) => {
      const out = new Float64Array(outer * s * inner);
      for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * rowLen + offset, o * rowLen + offset + s * inner), o * s * inner);
      offset += s * inner;
      return { dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? s : d)), data: out };
    });
  },
  lower: (ctx, [x], outs, { axis, sizes }) => {
    ctx.node('Split', [x, ctx.int64s(sizes)], { axis }, outs);
  },
});

/** Split along `axis` into pieces of the given sizes, or into `sizes` equal pieces when a number. */
export function split(x: Tensor, axis: number, sizes: number | readonly number[]): Tensor[] {
  const ax = normAxis('Split', axis, x.rank);
  let parts: readonly number[];
  if (typeof sizes === 'number') {
    if (x.shape[ax] % sizes !== 0) throw new ShapeError(`Split: dimension ${ax} of ${fmt(x.shape)} must divide into ${sizes} equal parts`);
    parts = new Array<number>(sizes).fill(x.shape[ax] / sizes);
  } else parts = sizes;
  if (parts.length === 1) return [x];
  return x.graph.apply(Split, [x], { axis: ax, sizes: [...parts] });
}
