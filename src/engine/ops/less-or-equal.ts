// LessOrEqual: elementwise a <= b with broadcasting, a bool tensor; it has no gradient (NaN compares false).
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const LessOrEqual = defineBinary({ type: 'LessOrEqual', f: (a, b) => (a <= b ? 1 : 0), grad: 'none', outDtype: 'bool' });

export const lessOrEqual = binaryFn(LessOrEqual);
