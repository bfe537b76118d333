// Exp: elementwise e^x.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { mul } from './mul.js';

export const Exp = defineUnary({ type: 'Exp', f: Math.exp, grad: (_x, y, g) => mul(g, y) });

export const exp = unaryFn(Exp);
