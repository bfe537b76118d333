// Tanh: elementwise hyperbolic tangent; the gradient g (1 - y^2) uses the output, which saturates to exactly 0 for large |x| in float32.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

export const Tanh = defineUnary({ type: 'Tanh', f: Math.tanh, grad: (_x, y, g) => mul(g, sub(1, mul(y, y))) });

export const tanh = unaryFn(Tanh);
