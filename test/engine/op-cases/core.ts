// Op-table rows for the engine's core ops that autodiff itself relies on (Sum, StopGradient, Constant).
import type { OpCase } from './case.js';
import { sum } from '../../../src/engine/ops/sum.js';
import { stopGradient } from '../../../src/engine/ops/stop-gradient.js';
import { constant } from '../../../src/engine/ops/constant.js';
import { mul } from '../../../src/engine/ops/mul.js';
import { add } from '../../../src/engine/ops/add.js';

export const cases: OpCase[] = [
  {
    op: 'Sum', name: 'three same-shaped tensors',
    inputs: [{ dtype: 'float32', shape: [2], values: [1, 2] }, { dtype: 'float32', shape: [2], values: [10, 20] }, { dtype: 'float32', shape: [2], values: [100, 200] }],
    build: (a, b, c) => sum([a, b, c]),
    expected: [[111, 222]],
  },
  {
    op: 'Sum', name: 'gradient reaches every operand, including a repeated one',
    inputs: [{ dtype: 'float32', shape: [2, 3] }, { dtype: 'float32', shape: [2, 3] }],
    build: (a, b) => sum([a, b, a]),
  },
  {
    op: 'StopGradient', name: 'forward is identity; gradient only through the other path',
    inputs: [{ dtype: 'float32', shape: [3], values: [1, 2, 3] }],
    build: (x) => add(mul(stopGradient(x), x), 0),
    grad: false, // finite differences see x^2; the stop is checked in autodiff.test.ts
    expected: [[1, 4, 9]],
  },
  {
    op: 'Constant', name: 'constant added to an input',
    inputs: [{ dtype: 'float32', shape: [2, 2], values: [1, 2, 3, 4] }],
    build: (x) => add(x, constant(x.graph, [10, 20], 'float32', [2])),
    expected: [[11, 22, 13, 24]],
  },
];
