// Sub: elementwise difference with broadcasting.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';
import { neg } from './neg.js';

export const Sub = defineBinary({ type: 'Sub', f: (a, b) => a - b, grad: (_a, _b, _y, g) => [g, neg(g)] });

export const sub = binaryFn(Sub);
