// Transpose: permute axes; the gradient applies the inverse permutation.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { numel, strides, ShapeError } from '../shape.js';

type TransposeAttrs = { perm: readonly number[] };

function checkPerm(perm: readonly number[], rank: number): void {
  const ok = perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
  if (!ok) throw new ShapeError(`Transpose: perm must be a permutation of 0..${rank - 1}, got [${perm.join(', ')}]`);
}

export const Transpose = defineOp<TransposeAttrs>({
  type: 'Transpose',
  infer: ([x], { perm }) => {
    checkPerm(perm, x.shape.length);
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }];
  },
  vjp: ({ grads: [g], attrs: { perm } }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => { inverse[p] = i; });
    return [transpose(g, inverse)];
  },
  reference: ([x], { perm }) => {
    const outShape = perm.map((p) => x.shape[p]);
    const inStrides = strides(x.shape);
    const outStrides = strides(outShape);
    const n = numel(outShape);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let rem = i;
      let src = 0;
      for (let d = 0; d < outShape.length; d++) {
        const c = Math.floor(rem / outStrides[d]);
        rem -= c * outStrides[d];
        src += c * inStrides[perm[d]];
      }
      out[i] = x.data[src];
    }
    return [{ dtype: x.dtype, shape: outShape, data: out }];
  },
  lower: (ctx, [x], [out], { perm }) => ctx.emit('Transpose', [x], out, { perm }),
});

/** Permute axes; without `perm`, swap the last two axes. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? [...x.shape.keys()].map((i) => (i === x.rank - 2 ? x.rank - 1 : i === x.rank - 1 ? x.rank - 2 : i));
  if (p.every((v, i) => v === i)) return x;
  return x.graph.apply(Transpose, [x], { perm: p })[0];
}
