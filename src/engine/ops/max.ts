// Max: elementwise maximum with broadcasting; at ties the gradient goes to the first operand.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';
import { where } from './where.js';
import { greaterOrEqual } from './greater-or-equal.js';

export const Max = defineBinary({
  type: 'Max',
  f: Math.max,
  grad: (a, b, _y, g) => {
    const firstWins = greaterOrEqual(a, b); // ties -> a; broadcast shape, same as g
    return [where(firstWins, g, 0), where(firstWins, 0, g)];
  },
});

export const max = binaryFn(Max);
