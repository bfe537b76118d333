// The traced graph: tensors with static shape and dtype, the nodes that produce them, and named inputs.
import type { DType } from './dtype.js';
import { type Shape, fmt, ShapeError } from './shape.js';
import type { Attrs, OpDef, TensorType } from './op.js';

/** What feeds a graph input: data batches, trainable parameters, optimizer state, random streams, scalars. */
export type InputKind = 'data' | 'param' | 'state' | 'random' | 'scalar';

/** How the runtime fills a random-stream input from the seeded generator before each run. */
export type RandomSpec =
  | { readonly dist: 'uniform' }
  | { readonly dist: 'normal' }
  | { readonly dist: 'gumbel' }
  | { readonly dist: 'bernoulli'; readonly p: number };

export interface GraphInput {
  readonly name: string;
  readonly kind: InputKind;
  readonly tensor: Tensor;
  readonly random?: RandomSpec;
}

export class Tensor implements TensorType {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly dtype: DType,
    readonly shape: Shape,
    /** The node that produced this tensor, or null for a graph input. */
    readonly node: Node | null,
    readonly outputIndex: number,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `%${this.id}: ${this.dtype}${fmt(this.shape)}`;
  }
}

export interface Node {
  readonly id: number;
  readonly op: OpDef<Attrs>;
  readonly inputs: readonly Tensor[];
  readonly attrs: Attrs;
  readonly outputs: readonly Tensor[];
}

export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs = new Map<string, GraphInput>();
  private nextId = 0;

  private newTensor(dtype: DType, shape: Shape, node: Node | null, index: number): Tensor {
    return new Tensor(this, this.nextId++, dtype, [...shape], node, index);
  }

  /** Declare a named graph input. */
  input(name: string, dtype: DType, shape: Shape, kind: InputKind = 'data', random?: RandomSpec): Tensor {
    if (this.inputs.has(name)) throw new RangeError(`graph: input '${name}' is declared twice`);
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new ShapeError(`graph: input '${name}' must have a static non-negative shape, got ${fmt(shape)}`);
    }
    const t = this.newTensor(dtype, shape, null, 0);
    this.inputs.set(name, { name, kind, tensor: t, random });
    return t;
  }

  /** A trainable float32 parameter fed from the parameter store. */
  param(name: string, shape: Shape): Tensor {
    return this.input(name, 'float32', shape, 'param');
  }

  /** A float32 scalar fed per run (learning rate, KL weight, temperature). */
  scalar(name: string): Tensor {
    return this.input(name, 'float32', [], 'scalar');
  }

  /** A random stream filled from the seeded generator before every run. */
  random(name: string, shape: Shape, spec: RandomSpec): Tensor {
    return this.input(name, 'float32', shape, 'random', spec);
  }

  /** Record one application of an op; runs the shape rule first so errors surface at trace time. */
  apply<A extends Attrs>(opDef: OpDef<A>, inputs: readonly Tensor[], attrs: A = {} as A): Tensor[] {
    const op = opDef as unknown as OpDef<Attrs>;
    for (const t of inputs) {
      if (t.graph !== this) throw new RangeError(`${op.type}: inputs must belong to one graph`);
    }
    const types = op.infer(inputs, attrs);
    const node: { id: number; op: OpDef<Attrs>; inputs: readonly Tensor[]; attrs: Attrs; outputs: Tensor[] } = {
      id: this.nodes.length, op, inputs: [...inputs], attrs, outputs: [],
    };
    node.outputs = types.map((t, i) => this.newTensor(t.dtype, t.shape, node, i));
    this.nodes.push(node);
    return node.outputs;
  }

  inputOf(t: Tensor): GraphInput | undefined {
    if (t.node !== null) return undefined;
    for (const inp of this.inputs.values()) if (inp.tensor === t) return inp;
    return undefined;
  }
}

/** The nodes needed to compute `outputs`, in topological (creation) order. */
export function nodesFor(outputs: readonly Tensor[]): Node[] {
  const seen = new Set<Node>();
  const stack: Node[] = [];
  for (const t of outputs) if (t.node) stack.push(t.node);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const i of n.inputs) if (i.node && !seen.has(i.node)) stack.push(i.node);
  }
  return [...seen].sort((a, b) => a.id - b.id);
}
