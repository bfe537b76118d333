// Sqrt: elementwise square root; the gradient g / (2 sqrt(x)) is infinite at 0.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { div } from './div.js';
import { mul } from './mul.js';

export const Sqrt = defineUnary({ type: 'Sqrt', f: Math.sqrt, grad: (_x, y, g) => div(g, mul(y, 2)) });

export const sqrt = unaryFn(Sqrt);
