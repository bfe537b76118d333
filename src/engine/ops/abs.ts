// Abs: elementwise |x|; the gradient is g * sign(x), taken as 0 at the kink x = 0.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { where } from './where.js';
import { greater } from './greater.js';
import { less } from './less.js';
import { neg } from './neg.js';

export const Abs = defineUnary({
  type: 'Abs',
  f: Math.abs,
  grad: (x, _y, g) => where(greater(x, 0), g, where(less(x, 0), neg(g), 0)),
  floatOnly: false,
});

export const abs = unaryFn(Abs);
