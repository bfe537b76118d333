// Constant: a fixed array baked into the graph (an ONNX initializer), and `lift` for number operands.
import { defineOp } from '../op.js';
import { Graph, Tensor } from '../graph.js';
import { nd, type NDArray } from '../ndarray.js';
import type { DType } from '../dtype.js';
import type { Shape } from '../shape.js';

type ConstantAttrs = { value: NDArray };

export const Constant = defineOp<ConstantAttrs>({
  type: 'Constant',
  infer: (_inputs, { value }) => [{ dtype: value.dtype, shape: value.shape }],
  vjp: () => [],
  reference: (_inputs, { value }) => [value],
  lower: (ctx, _inputs, [out], { value }) => ctx.initializer(out, value),
});

/** A constant tensor; a single number broadcasts to `shape`. */
export function constant(graph: Graph, values: number | ArrayLike<number>, dtype: DType = 'float32', shape: Shape = []): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = typeof values === 'number' ? new Float64Array(size).fill(values) : Float64Array.from(values);
  return graph.apply(Constant, [], { value: nd(dtype, shape, data) })[0];
}

/** A number operand becomes a scalar constant of the other operand's dtype. */
export function lift(x: Tensor | number, like: Tensor): Tensor {
  return typeof x === 'number' ? constant(like.graph, x, like.dtype) : x;
}
