// Div: elementwise quotient with broadcasting (integer operands truncate, as ONNX does).
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';
import { mul } from './mul.js';
import { neg } from './neg.js';

export const Div = defineBinary({
  type: 'Div',
  f: (a, b) => a / b,
  // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -y/b
  grad: (_a, b, y, g) => [div(g, b), neg(div(mul(g, y), b))],
});

export const div = binaryFn(Div);
