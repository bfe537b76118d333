// Neg: elementwise negation.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';

export const Neg = defineUnary({ type: 'Neg', f: (x) => -x, grad: (_x, _y, g) => neg(g), floatOnly: false });

export const neg = unaryFn(Neg);
