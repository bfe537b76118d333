// Slice: a static contiguous sub-block (step 1, negative bounds count from the end); the gradient pads back with zero blocks.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, normAxes, numel, ShapeError, strides, type Shape } from '../shape.js';
import { unravel } from '../ndarray.js';
import { constant } from './constant.js';
import { expand } from './expand.js';
import { concat } from './concat.js';

type SliceAttrs = { starts: readonly number[]; ends: readonly number[]; axes: readonly number[]; steps?: readonly number[] };

interface Bounds {
  /** Per input axis: first kept index and one past the last. */
  begin: number[];
  end: number[];
  shape: number[];
}

function bounds(shape: Shape, { starts, ends, axes, steps }: SliceAttrs): Bounds {
  if (starts.length !== axes.length || ends.length !== axes.length) {
    throw new ShapeError(`Slice: starts, ends and axes must have equal lengths, got ${starts.length}, ${ends.length} and ${axes.length}`);
  }
  if (steps !== undefined && (steps.length !== axes.length || steps.some((s) => s !== 1))) {
    throw new ShapeError(`Slice: steps must all be 1, got [${steps.join(', ')}]`);
  }
  const begin = shape.map(() => 0);
  const end = [...shape];
  normAxes('Slice', axes, shape.length); // in range and distinct
  axes.forEach((a, k) => {
    const d = a < 0 ? a + shape.length : a;
    const s = starts[k] < 0 ? starts[k] + shape[d] : starts[k];
    const e = ends[k] < 0 ? ends[k] + shape[d] : ends[k];
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || s > e || e > shape[d]) {
      throw new ShapeError(`Slice: bounds on axis ${d} of ${fmt(shape)} must satisfy 0 <= start <= end <= ${shape[d]}, got ${starts[k]}:${ends[k]}`);
    }
    begin[d] = s;
    end[d] = e;
  });
  return { begin, end, shape: begin.map((b, i) => end[i] - b) };
}

export const Slice = defineOp<SliceAttrs>({
  type: 'Slice',
  infer: ([x], attrs) => [{ dtype: x.dtype, shape: bounds(x.shape, attrs).shape }],
  vjp: ({ inputs: [x], grads: [g], attrs }) => {
    const { begin, end } = bounds(x.shape, attrs);
    let cur = g;
    for (let d = 0; d < x.rank; d++) {
      const before = begin[d];
      const after = x.shape[d] - end[d];
      if (before === 0 && after === 0) continue;
      const zeros = (n: number) => expand(constant(g.graph, 0), cur.shape.map((s, i) => (i === d ? n : s)));
      const parts = [...(before > 0 ? [zeros(before)] : []), cur, ...(after > 0 ? [zeros(after)] : [])];
      cur = concat(parts, d); // axis d grows back to x.shape[d]
    }
    return [cur];
  },
  reference: ([x], attrs) => {
    const { begin, shape } = bounds(x.shape, attrs);
    const inStrides = strides(x.shape);
    const n = numel(shape);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = unravel(i, shape);
      let src = 0;
      for (let d = 0; d < c.length; d++) src += (c[d] + begin[d]) * inStrides[d];
      out[i] = x.data[src];
    }
    return [{ dtype: x.dtype, shape, data: out }];
  },
  // infer checked the bounds are in range, where ONNX's reading of negative bounds matches ours.
  lower: (ctx, [x], [out], { starts, ends, axes }) => {
    ctx.emit('Slice', [x, ctx.int64s(starts), ctx.int64s(ends), ctx.int64s(axes), ctx.int64s(axes.map(() => 1))], out);
  },
});

/** x[start:end] along one axis (negative bounds count from the end). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  return sliceAxes(x, [start], [end], [axis]);
}

/** x restricted to [starts[k], ends[k]) on each of `axes`. */
export function sliceAxes(x: Tensor, starts: readonly number[], ends: readonly number[], axes: readonly number[]): Tensor {
  return x.graph.apply(Slice, [x], { starts: [...starts], ends: [...ends], axes: [...axes] })[0];
}
