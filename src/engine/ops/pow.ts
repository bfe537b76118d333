// Pow: elementwise a^b with broadcasting for float32 base and exponent; the exponent gradient y log(a) needs a > 0 (NaN for a < 0, -Infinity * 0 at a = 0).
import { defineBinary } from './elementwise.js';
import { binaryFn, operands, type Operand } from './binary-args.js';
import type { Tensor } from '../graph.js';
import { ShapeError } from '../shape.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { log } from './log.js';

export const Pow = defineBinary({
  type: 'Pow',
  f: Math.pow,
  grad: (a, b, y, g) => [
    mul(g, mul(b, pow(a, sub(b, 1)))), // d/da = b a^(b-1): finite at a = 0 for b >= 1, unlike b y / a
    mul(g, mul(y, log(a))), // d/db = y log(a): only meaningful for a > 0
  ],
});

const applyPow = binaryFn(Pow);

/** a^b; numbers become float32 constants. */
export function pow(a: Operand, b: Operand): Tensor {
  const [x, y] = operands('Pow', a, b);
  if (x.dtype !== 'float32' || y.dtype !== 'float32') throw new ShapeError(`Pow: base and exponent must be float32, got ${x.dtype} and ${y.dtype}`);
  return applyPow(x, y);
}
