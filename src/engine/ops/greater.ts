// Greater: elementwise a > b with broadcasting, a bool tensor; it has no gradient (NaN compares false).
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const Greater = defineBinary({ type: 'Greater', f: (a, b) => (a > b ? 1 : 0), grad: 'none', outDtype: 'bool' });

export const greater = binaryFn(Greater);
