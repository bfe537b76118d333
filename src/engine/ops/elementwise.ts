// Factories for elementwise ops: broadcasting shape rule, float64 reference loop and one-node ONNX lowering.
import { defineOp, type OpDef, type VjpContext, type TensorType } from '../op.js';
import { broadcastShapes, fmt, numel, ShapeError } from '../shape.js';
import { broadcastIndexer, castValue, type NDArray } from '../ndarray.js';
import type { Tensor } from '../graph.js';
import type { DType } from '../dtype.js';
import { sumToShape } from './sum-to-shape.js';

type NoAttrs = Record<string, never>;

/** Broadcast n inputs and apply f to each element tuple. */
export function broadcastMap(inputs: readonly NDArray[], outDtype: DType, f: (...xs: number[]) => number, op: string, outShape?: readonly number[]): NDArray {
  const shape = outShape ? [...outShape] : broadcastShapes(op, inputs.map((a) => a.shape));
  const n = numel(shape);
  const idx = inputs.map((a) => broadcastIndexer(a.shape, shape));
  const out = new Float64Array(n);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inputs.length; k++) args[k] = inputs[k].data[idx[k](i)];
    out[i] = f(...args);
    if (outDtype !== 'float32') out[i] = castValue(out[i], outDtype);
  }
  return { dtype: outDtype, shape, data: out };
}

function checkSameDtype(op: string, inputs: readonly TensorType[]): DType {
  const d = inputs[0].dtype;
  for (const t of inputs) {
    if (t.dtype !== d) throw new ShapeError(`${op}: operands must share a dtype, got ${inputs.map((i) => `${i.dtype}${fmt(i.shape)}`).join(' and ')}`);
  }
  return d;
}

export interface UnarySpec {
  type: string;
  f: (x: number) => number;
  /** dL/dx from x, y = f(x) and the output gradient g. */
  grad: ((x: Tensor, y: Tensor, g: Tensor) => Tensor) | 'none';
  /** Restrict to float inputs (default true). */
  floatOnly?: boolean;
  onnxType?: string;
}

export function defineUnary(spec: UnarySpec): OpDef<NoAttrs> {
  const grad = spec.grad;
  return defineOp<NoAttrs>({
    type: spec.type,
    infer: ([x]) => {
      if ((spec.floatOnly ?? true) && x.dtype !== 'float32') throw new ShapeError(`${spec.type}: input must be float32, got ${x.dtype}`);
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    vjp: grad === 'none' ? 'none' : ({ inputs, outputs, grads }: VjpContext<NoAttrs>) => [grad(inputs[0], outputs[0], grads[0])],
    reference: ([x]) => [broadcastMap([x], x.dtype, spec.f, spec.type)],
    lower: (ctx, ins, [out]) => ctx.emit(spec.onnxType ?? spec.type, ins, out),
  });
}

export interface BinarySpec {
  type: string;
  f: (a: number, b: number) => number;
  /** Gradients for a and b before reduction to the operand shapes (broadcast shape). */
  grad: ((a: Tensor, b: Tensor, y: Tensor, g: Tensor) => [Tensor | null, Tensor | null]) | 'none';
  /** Output dtype; defaults to the operands' dtype. */
  outDtype?: DType;
  onnxType?: string;
}

export function defineBinary(spec: BinarySpec): OpDef<NoAttrs> {
  const grad = spec.grad;
  return defineOp<NoAttrs>({
    type: spec.type,
    infer: (inputs) => {
      const d = checkSameDtype(spec.type, inputs);
      return [{ dtype: spec.outDtype ?? d, shape: broadcastShapes(spec.type, inputs.map((i) => i.shape)) }];
    },
    vjp: grad === 'none' ? 'none' : ({ inputs: [a, b], outputs: [y], grads: [g] }: VjpContext<NoAttrs>) => {
      const [ga, gb] = grad(a, b, y, g);
      return [ga && sumToShape(ga, a.shape), gb && sumToShape(gb, b.shape)];
    },
    reference: (inputs) => [broadcastMap(inputs, spec.outDtype ?? inputs[0].dtype, spec.f, spec.type)],
    lower: (ctx, ins, [out]) => ctx.emit(spec.onnxType ?? spec.type, ins, out),
  });
}
