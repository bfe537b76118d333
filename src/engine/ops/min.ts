// Min: elementwise minimum with broadcasting; at ties the gradient goes to the first operand.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';
import { where } from './where.js';
import { lessOrEqual } from './less-or-equal.js';

export const Min = defineBinary({
  type: 'Min',
  f: Math.min,
  grad: (a, b, _y, g) => {
    const firstWins = lessOrEqual(a, b); // ties -> a; broadcast shape, same as g
    return [where(firstWins, g, 0), where(firstWins, 0, g)];
  },
});

export const min = binaryFn(Min);
