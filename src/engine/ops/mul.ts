// Mul: elementwise product with broadcasting.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const Mul = defineBinary({ type: 'Mul', f: (a, b) => a * b, grad: (a, b, _y, g) => [mul(g, b), mul(g, a)] });

export const mul = binaryFn(Mul);
