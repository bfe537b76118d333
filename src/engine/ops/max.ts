// Max: elementwise maximum with broadcasting; at ties the gradient goes to the first operand.
import { defineBinary } from './elementwise.js';
import { binaryFn } from './binary-args.js';
import { where } from './where.js';
import { greaterOrEqual } from './greater-or-equal.js';
import { constant } from './constant.js';
import { expand } from './expand.js';

export const Max = defineBinary({
  type: 'Max',
  f: Math.max,
  grad: (a, b, y, g) => {
    const zero = expand(constant(g.graph, 0), g.shape);
    const firstWins = greaterOrEqual(expand(a, y.shape), expand(b, y.shape)); // ties -> a
    return [where(firstWins, g, zero), where(firstWins, zero, g)];
  },
});

export const max = binaryFn(Max);
