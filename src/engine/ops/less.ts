// Less: elementwise a < b with broadcasting, a bool tensor; it has no gradient (NaN compares false).
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const Less = defineBinary({ type: 'Less', f: (a, b) => (a < b ? 1 : 0), grad: 'none', outDtype: 'bool' });

export const less = binaryFn(Less);
