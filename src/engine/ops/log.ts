// Log: elementwise natural logarithm; -Infinity at 0 and NaN below it, and the gradient g / x blows up near 0.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { div } from './div.js';

export const Log = defineUnary({ type: 'Log', f: Math.log, grad: (x, _y, g) => div(g, x) });

export const log = unaryFn(Log);
