// Concat: join tensors along one axis; the gradient slices the output gradient back into pieces.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, normAxis, numel, ShapeError } from '../shape.js';
import { split } from './split.js';

type ConcatAttrs = { axis: number };

export const Concat = defineOp<ConcatAttrs>({
  type: 'Concat',
  infer: (inputs, { axis }) => {
    if (inputs.length === 0) throw new ShapeError('Concat: needs at least one input');
    const first = inputs[0];
    const ax = normAxis('Concat', axis, first.shape.length);
    let total = 0;
    for (const t of inputs) {
      const ok = t.dtype === first.dtype && t.shape.length === first.shape.length && t.shape.every((d, i) => i === ax || d === first.shape[i]);
      if (!ok) throw new ShapeError(`Concat: inputs must agree except on axis ${axis}, got ${inputs.map((i) => `${i.dtype}${fmt(i.shape)}`).join(', ')}`);
      total += t.shape[ax];
    }
    return [{ dtype: first.dtype, shape: first.shape.map((d, i) => (i === ax ? total : d)) }];
  },
  vjp: ({ inputs, grads: [g], attrs: { axis } }) => {
    const ax = normAxis('Concat', axis, g.rank);
    return split(g, ax, inputs.map((t) => t.shape[ax]));
  },
  reference: (inputs, { axis }) => {
    const ax = normAxis('Concat', axis, inputs[0].shape.length);
    const outer = numel(inputs[0].shape.slice(0, ax));
    const total = inputs.reduce((s, t) => s + t.shape[ax], 0);
    const inner = numel(inputs[0].shape.slice(ax + 1));
    const out = new Float64Array(outer * total * inner);
    let offset = 0;
    for (const t of inputs) {
      const w = t.shape[ax] * inner;
      for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, (o + 1) * w), o * total * inner + offset);
      offset += w;
    }
    const shape = inputs[0].shape.map((d, i) => (i === ax ? total : d));
    return [{ dtype: inputs[0].dtype, shape, data: out }];
  },
  lower: (ctx, ins, [out], { axis }) => ctx.emit('Concat', ins, out, { axis }),
});

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 1) return xs[0];
  return xs[0].graph.apply(Concat, xs, { axis })[0];
}
