// Relu: elementwise max(x, 0); the kink at 0 gets gradient 0 (the gradient passes only where x > 0), so finite differences at 0 disagree.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { where } from './where.js';
import { greater } from './greater.js';

export const Relu = defineUnary({
  type: 'Relu',
  f: (x) => (x > 0 ? x : 0),
  grad: (x, _y, g) => where(greater(x, 0), g, 0), // x <= 0 (including exactly 0) -> 0
});

export const relu = unaryFn(Relu);
