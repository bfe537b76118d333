// Add: elementwise sum with broadcasting.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';

export const Add = defineBinary({ type: 'Add', f: (a, b) => a + b, grad: (_a, _b, _y, g) => [g, g] });

export const add = binaryFn(Add);
