// Equal: elementwise a == b (exact float equality) with broadcasting, a bool tensor; it has no gradient (NaN compares false).
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const Equal = defineBinary({ type: 'Equal', f: (a, b) => (a === b ? 1 : 0), grad: 'none', outDtype: 'bool' });

export const equal = binaryFn(Equal);
