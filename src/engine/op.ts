// The contract every primitive op fulfils: shape rule, gradient rule, float64 reference and ONNX lowering.
import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import type { NDArray } from './ndarray.js';
import type { Tensor } from './graph.js';
import type { LowerContext } from './lower-context.js';

/** Attribute values follow ONNX: numbers, number lists, strings, and constant arrays. */
export type AttrValue = number | string | boolean | readonly number[] | NDArray | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

export interface TensorType {
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface VjpContext<A extends Attrs> {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  /** Gradients of the loss with respect to each output; zeros where an output did not reach the loss. */
  readonly grads: readonly Tensor[];
  readonly attrs: A;
}

/** A VJP returns, for each input, its gradient (same shape) or null when no gradient flows. */
export type VjpRule<A extends Attrs> = (ctx: VjpContext<A>) => (Tensor | null)[];

export interface OpDef<A extends Attrs = Attrs> {
  /** ONNX-style op type string (`MatMul`, `ReduceSum`). */
  readonly type: string;
  /** Shape and dtype rule; throws a ShapeError naming the op when inputs do not fit. */
  infer(inputs: readonly TensorType[], attrs: A): TensorType[];
  /** Gradient rule written with traced ops, or `'none'` for ops without a gradient (ArgMax, comparisons). */
  readonly vjp: VjpRule<A> | 'none';
  /** Float64 reference implementation with plain loops. */
  reference(inputs: readonly NDArray[], attrs: A): NDArray[];
  /** Emit ONNX nodes computing `outputs` from `inputs` (value names). */
  lower(ctx: LowerContext, inputs: readonly string[], outputs: readonly string[], attrs: A): void;
}

const REGISTRY = new Map<string, OpDef<Attrs>>();

/** Register an op definition; every registered op must have a row in the op test table. */
export function defineOp<A extends Attrs>(def: OpDef<A>): OpDef<A> {
  if (REGISTRY.has(def.type)) throw new Error(`defineOp: op '${def.type}' is registered twice`);
  REGISTRY.set(def.type, def as unknown as OpDef<Attrs>);
  return def;
}

export function registeredOps(): ReadonlyMap<string, OpDef<Attrs>> {
  return REGISTRY;
}
