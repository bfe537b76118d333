// Sigmoid: elementwise 1 / (1 + e^-x); the reference never exponentiates a large positive number (no overflow, no 0/0 for large |x|).
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** Numerically stable logistic function: e^-|x| is always in (0, 1]. */
export function stableSigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export const Sigmoid = defineUnary({ type: 'Sigmoid', f: stableSigmoid, grad: (_x, y, g) => mul(g, mul(y, sub(1, y))) });

export const sigmoid = unaryFn(Sigmoid);
