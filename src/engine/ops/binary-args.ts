// Traced-function wrappers for elementwise ops: numbers become constants of the tensor operand's dtype.
import type { Tensor } from '../graph.js';
import type { OpDef, Attrs } from '../op.js';
import { lift } from './constant.js';

export type Operand = Tensor | number;

export function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new TypeError(`${op}: at least one operand must be a Tensor`);
  const like = (typeof a === 'number' ? b : a) as Tensor;
  return [lift(a, like), lift(b, like)];
}

export function binaryFn<A extends Attrs>(op: OpDef<A>): (a: Operand, b: Operand) => Tensor {
  return (a, b) => {
    const [x, y] = operands(op.type, a, b);
    return x.graph.apply(op, [x, y])[0];
  };
}

export function unaryFn<A extends Attrs>(op: OpDef<A>): (x: Tensor) => Tensor {
  return (x) => x.graph.apply(op, [x])[0];
}
