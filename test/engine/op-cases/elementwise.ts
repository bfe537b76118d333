// Op-table rows for the elementwise ops: arithmetic, unary math, Max/Min, Where, comparisons, Clip and Cast.
import type { OpCase, CaseInput } from './case.js';
import type { Tensor } from '../../../src/engine/graph.js';
import type { DType } from '../../../src/engine/dtype.js';
import { grad } from '../../../src/engine/autodiff.js';
import { reduceSum } from '../../../src/engine/ops/reduce-sum.js';
import { add } from '../../../src/engine/ops/add.js';
import { sub } from '../../../src/engine/ops/sub.js';
import { mul } from '../../../src/engine/ops/mul.js';
import { div } from '../../../src/engine/ops/div.js';
import { neg } from '../../../src/engine/ops/neg.js';
import { exp } from '../../../src/engine/ops/exp.js';
import { sqrt } from '../../../src/engine/ops/sqrt.js';
import { max } from '../../../src/engine/ops/max.js';
import { min } from '../../../src/engine/ops/min.js';
import { pow } from '../../../src/engine/ops/pow.js';
import { log } from '../../../src/engine/ops/log.js';
import { tanh } from '../../../src/engine/ops/tanh.js';
import { sigmoid } from '../../../src/engine/ops/sigmoid.js';
import { relu } from '../../../src/engine/ops/relu.js';
import { softplus } from '../../../src/engine/ops/softplus.js';
import { abs } from '../../../src/engine/ops/abs.js';
import { where } from '../../../src/engine/ops/where.js';
import { less } from '../../../src/engine/ops/less.js';
import { greater } from '../../../src/engine/ops/greater.js';
import { equal } from '../../../src/engine/ops/equal.js';
import { lessOrEqual } from '../../../src/engine/ops/less-or-equal.js';
import { greaterOrEqual } from '../../../src/engine/ops/greater-or-equal.js';
import { clip } from '../../../src/engine/ops/clip.js';
import { cast } from '../../../src/engine/ops/cast.js';

const f32 = (shape: number[], values?: number[], gen?: string): CaseInput => ({ dtype: 'float32', shape, values, gen });
const typed = (dtype: DType, shape: number[], values?: number[], gen?: string): CaseInput => ({ dtype, shape, values, gen });

/** y followed by the gradients of sum(y) with respect to xs (checks tie and kink conventions at exact points). */
const withGradsOfSum = (y: Tensor, xs: Tensor[]): Tensor[] => [y, ...grad(reduceSum(y), xs)];

const A23 = [1, 2, 3, 4, 5, 6];
/** Shared comparison operands: a [2, 3] against b [3] = [1, 1, 1] and against b [2, 1] = [2, -1] (with ties). */
const CMP_A = [0.5, 1, 2, -1, 3, 2];
const CMP_B3 = [1, 1, 1];
const CMP_B21 = [2, -1];

type Cmp = (a: Tensor, b: Tensor) => Tensor;
function comparisonRows(op: string, fn: Cmp, vsRow: number[], vsCol: number[]): OpCase[] {
  return [
    { op, name: '[2, 3] against [3], with ties', inputs: [f32([2, 3], CMP_A), f32([3], CMP_B3)], build: fn, expected: [vsRow], grad: false },
    { op, name: '[2, 3] against [2, 1], with ties', inputs: [f32([2, 3], CMP_A), f32([2, 1], CMP_B21)], build: fn, expected: [vsCol], grad: false },
    { op, name: 'int32 operands, generated', inputs: [typed('int32', [3, 4], undefined, 'int:-3:3'), typed('int32', [4], undefined, 'int:-3:3')], build: fn, grad: false },
  ];
}

const E = Math.E;

export const cases: OpCase[] = [
  // Add, Sub, Mul, Div
  { op: 'Add', name: '[2, 3] + [3]', inputs: [f32([2, 3], A23), f32([3], [10, 20, 30])], build: add, expected: [[11, 22, 33, 14, 25, 36]] },
  { op: 'Add', name: '[2, 3] + [2, 1]', inputs: [f32([2, 3], A23), f32([2, 1], [100, 200])], build: add, expected: [[101, 102, 103, 204, 205, 206]] },
  { op: 'Add', name: 'generated [1, 3] + [2, 1] (both broadcast)', inputs: [f32([1, 3]), f32([2, 1])], build: add },
  { op: 'Sub', name: '[2, 3] - [2, 1]', inputs: [f32([2, 3], A23), f32([2, 1], [0.5, -1])], build: sub, expected: [[0.5, 1.5, 2.5, 5, 6, 7]] },
  { op: 'Sub', name: 'number minus tensor', inputs: [f32([3], [1, 2, 3.5])], build: (x) => sub(1, x), expected: [[0, -1, -2.5]] },
  { op: 'Sub', name: 'generated [3] - [2, 3]', inputs: [f32([3]), f32([2, 3])], build: sub },
  { op: 'Mul', name: '[2, 3] * [3]', inputs: [f32([2, 3], A23), f32([3], [2, -1, 0.5])], build: mul, expected: [[2, -2, 1.5, 8, -5, 3]] },
  { op: 'Mul', name: 'generated [2, 3] * [2, 1]', inputs: [f32([2, 3]), f32([2, 1])], build: mul },
  { op: 'Div', name: '[2, 3] / [2, 1]', inputs: [f32([2, 3], A23), f32([2, 1], [2, 4])], build: div, expected: [[0.5, 1, 1.5, 1, 1.25, 1.5]] },
  { op: 'Div', name: 'generated [3] / positive [2, 3]', inputs: [f32([3]), f32([2, 3], undefined, 'positive')], build: div },

  // Unary arithmetic and math
  { op: 'Neg', name: 'values', inputs: [f32([3], [1, -2, 0.5])], build: neg, expected: [[-1, 2, -0.5]] },
  { op: 'Neg', name: 'int32', inputs: [typed('int32', [3], [1, -2, 0])], build: neg, expected: [[-1, 2, 0]], grad: false },
  { op: 'Exp', name: 'values', inputs: [f32([4], [0, 1, -1, 2])], build: exp, expected: [[1, E, 1 / E, E * E]] },
  { op: 'Exp', name: 'generated [2, 3]', inputs: [f32([2, 3])], build: exp },
  { op: 'Sqrt', name: 'values', inputs: [f32([4], [0.25, 1, 4, 2])], build: sqrt, expected: [[0.5, 1, 2, Math.SQRT2]] },
  { op: 'Sqrt', name: 'generated positive [2, 3]', inputs: [f32([2, 3], undefined, 'positive')], build: sqrt },
  { op: 'Log', name: 'values', inputs: [f32([4], [1, E, 0.5, 4])], build: log, expected: [[0, 1, -Math.LN2, 2 * Math.LN2]] },
  { op: 'Log', name: 'generated positive [2, 3]', inputs: [f32([2, 3], undefined, 'positive')], build: log },
  {
    op: 'Tanh', name: 'values, via (e^2x - 1) / (e^2x + 1)', inputs: [f32([4], [0, 0.5, -1, 3])], build: tanh,
    expected: [[0, (E - 1) / (E + 1), (Math.exp(-2) - 1) / (Math.exp(-2) + 1), (Math.exp(6) - 1) / (Math.exp(6) + 1)]],
  },
  { op: 'Tanh', name: 'saturated at |x| = 20', inputs: [f32([2], [-20, 20])], build: tanh, expected: [[-1, 1]] },
  { op: 'Tanh', name: 'generated [2, 3]', inputs: [f32([2, 3])], build: tanh },
  { op: 'Sigmoid', name: 'values', inputs: [f32([3], [0, 2, -2])], build: sigmoid, expected: [[0.5, 1 / (1 + Math.exp(-2)), Math.exp(-2) / (1 + Math.exp(-2))]] },
  {
    op: 'Sigmoid', name: 'large |x| neither overflows nor gives NaN', inputs: [f32([4], [-800, -40, 40, 800])], build: sigmoid,
    expected: [[0, Math.exp(-40) / (1 + Math.exp(-40)), 1 / (1 + Math.exp(-40)), 1]],
  },
  { op: 'Sigmoid', name: 'generated [2, 3]', inputs: [f32([2, 3])], build: sigmoid },
  {
    op: 'Softplus', name: 'values including large |x|', inputs: [f32([5], [-50, -1, 0, 1, 50])], build: softplus,
    // log(1 + e^x); at x = -50 it is e^-50 to double precision, at x = 50 it is 50 + e^-50 = 50
    expected: [[Math.exp(-50), Math.log(1 + 1 / E), Math.LN2, Math.log(1 + E), 50]],
  },
  { op: 'Softplus', name: 'generated [2, 3]', inputs: [f32([2, 3])], build: softplus },
  { op: 'Relu', name: 'values away from 0', inputs: [f32([2, 3], [-1.5, -0.2, 0.3, 2, -3, 0.7])], build: relu, expected: [[0, 0, 0.3, 2, 0, 0.7]] },
  { op: 'Relu', name: 'gradient is 0 at x = 0', inputs: [f32([3], [-1, 0, 1])], build: (x) => withGradsOfSum(relu(x), [x]), expected: [[0, 0, 1], [0, 0, 1]], grad: false },
  { op: 'Abs', name: 'values away from 0', inputs: [f32([4], [-1.5, 0.3, -0.2, 2])], build: abs, expected: [[1.5, 0.3, 0.2, 2]] },
  { op: 'Abs', name: 'int32', inputs: [typed('int32', [3], [-3, 0, 4])], build: abs, expected: [[3, 0, 4]], grad: false },
  { op: 'Abs', name: 'gradient is sign(x), 0 at x = 0', inputs: [f32([3], [-2, 0, 3])], build: (x) => withGradsOfSum(abs(x), [x]), expected: [[2, 0, 3], [-1, 0, 1]], grad: false },

  // Pow
  {
    op: 'Pow', name: '[2, 3] ^ [3]', inputs: [f32([2, 3], [1, 2, 4, 0.5, 3, 9]), f32([3], [2, 0.5, -1])], build: pow,
    expected: [[1, Math.SQRT2, 0.25, 0.25, Math.sqrt(3), 1 / 9]],
  },
  { op: 'Pow', name: 'generated positive [2, 3] ^ [2, 1]', inputs: [f32([2, 3], undefined, 'positive'), f32([2, 1])], build: pow },
  { op: 'Pow', name: 'negative base, number exponent 3', inputs: [f32([3], [-2, 0.5, 1.5])], build: (x) => pow(x, 3), expected: [[-8, 0.125, 3.375]] },

  // Max, Min (no ties in gradient-checked rows)
  { op: 'Max', name: '[2, 3] vs [3]', inputs: [f32([2, 3], [1, -2, 3, 0.5, 5, -6]), f32([3], [0, 0.4, 2.5])], build: max, expected: [[1, 0.4, 3, 0.5, 5, 2.5]] },
  { op: 'Max', name: '[2, 3] vs [2, 1]', inputs: [f32([2, 3], [1, -2, 3, 0.5, 5, -6]), f32([2, 1], [0.7, -1])], build: max, expected: [[1, 0.7, 3, 0.5, 5, -1]] },
  {
    op: 'Max', name: 'tie gradient goes to the first operand', inputs: [f32([3], [1, 2, 3]), f32([3], [1, 5, 0])],
    build: (a, b) => withGradsOfSum(max(a, b), [a, b]), expected: [[1, 5, 3], [1, 0, 1], [0, 1, 0]], grad: false,
  },
  { op: 'Min', name: '[2, 3] vs [3]', inputs: [f32([2, 3], [1, -2, 3, 0.5, 5, -6]), f32([3], [0, 0.4, 2.5])], build: min, expected: [[0, -2, 2.5, 0, 0.4, -6]] },
  { op: 'Min', name: '[2, 3] vs [2, 1]', inputs: [f32([2, 3], [1, -2, 3, 0.5, 5, -6]), f32([2, 1], [0.7, -1])], build: min, expected: [[0.7, -2, 0.7, -1, -1, -6]] },
  { op: 'Min', name: 'with a number operand', inputs: [f32([3], [-1, 0.5, 2])], build: (x) => min(x, 1), expected: [[-1, 0.5, 1]] },
  {
    op: 'Min', name: 'tie gradient goes to the first operand', inputs: [f32([3], [1, 2, 3]), f32([3], [1, 5, 0])],
    build: (a, b) => withGradsOfSum(min(a, b), [a, b]), expected: [[1, 2, 0], [1, 1, 0], [0, 0, 1]], grad: false,
  },

  // Where
  {
    op: 'Where', name: 'cond [2, 3], a [2, 3], b [3]', inputs: [typed('bool', [2, 3], [1, 0, 1, 0, 0, 1]), f32([2, 3], A23), f32([3], [10, 20, 30])],
    build: where, expected: [[1, 20, 3, 10, 20, 6]],
  },
  {
    op: 'Where', name: '3-way broadcast: cond [2, 1], a [1, 3], b [2, 3]', inputs: [typed('bool', [2, 1], [1, 0]), f32([1, 3], [1, 2, 3]), f32([2, 3], [10, 20, 30, 40, 50, 60])],
    build: where, expected: [[1, 2, 3, 40, 50, 60]],
  },
  { op: 'Where', name: 'generated cond [3, 1], a [4], b []', inputs: [typed('bool', [3, 1]), f32([4]), f32([])], build: where },
  { op: 'Where', name: 'number branch', inputs: [typed('bool', [3], [0, 1, 1]), f32([3], [4, 5, 6])], build: (c, x) => where(c, x, -1), expected: [[-1, 5, 6]] },
  {
    op: 'Where', name: 'int32 branches', inputs: [typed('bool', [3], [1, 0, 1]), typed('int32', [3], [1, 2, 3]), typed('int32', [1], [7])],
    build: where, expected: [[1, 7, 3]], grad: false,
  },

  // Comparisons (bool outputs, no gradient)
  ...comparisonRows('Less', less, [1, 0, 0, 1, 0, 0], [1, 1, 0, 0, 0, 0]),
  ...comparisonRows('Greater', greater, [0, 0, 1, 0, 1, 1], [0, 0, 0, 0, 1, 1]),
  ...comparisonRows('Equal', equal, [0, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0]),
  ...comparisonRows('LessOrEqual', lessOrEqual, [1, 1, 0, 1, 0, 0], [1, 1, 1, 1, 0, 0]),
  ...comparisonRows('GreaterOrEqual', greaterOrEqual, [0, 1, 1, 0, 1, 1], [0, 0, 1, 1, 1, 1]),
  { op: 'Greater', name: 'against a number', inputs: [f32([3], [-1, 0, 2])], build: (x) => greater(x, 0), expected: [[0, 0, 1]], grad: false },

  // Clip
  { op: 'Clip', name: 'to [-0.5, 1], away from the bounds', inputs: [f32([2, 3], [-2, -0.3, 0.2, 0.9, 1.7, -0.7])], build: (x) => clip(x, -0.5, 1), expected: [[-0.5, -0.3, 0.2, 0.9, 1, -0.5]] },
  { op: 'Clip', name: 'infinite upper bound', inputs: [f32([3], [-1, 0.5, 100])], build: (x) => clip(x, 0, Infinity), expected: [[0, 0.5, 100]] },
  {
    op: 'Clip', name: 'gradient passes strictly inside only', inputs: [f32([5], [-0.5, 0, 1, 2, -3])],
    build: (x) => withGradsOfSum(clip(x, -0.5, 1), [x]), expected: [[-0.5, 0, 1, 1, -0.5], [0, 1, 0, 0, 0]], grad: false,
  },

  // Cast
  { op: 'Cast', name: 'float32 -> int32 truncates toward zero', inputs: [f32([4], [-1.7, -0.2, 0.5, 2.9])], build: (x) => cast(x, 'int32'), expected: [[-1, 0, 0, 2]], grad: false },
  { op: 'Cast', name: 'float32 -> int64', inputs: [f32([3], [-3.5, 0, 7.25])], build: (x) => cast(x, 'int64'), expected: [[-3, 0, 7]], grad: false },
  { op: 'Cast', name: 'float32 -> bool is nonzero', inputs: [f32([3], [0, -1.5, 2])], build: (x) => cast(x, 'bool'), expected: [[0, 1, 1]], grad: false },
  { op: 'Cast', name: 'int32 -> float32', inputs: [typed('int32', [2, 3], undefined, 'int:-5:5')], build: (x) => cast(x, 'float32') },
  { op: 'Cast', name: 'bool -> float32', inputs: [typed('bool', [3], [1, 0, 1])], build: (x) => cast(x, 'float32'), expected: [[1, 0, 1]] },
  { op: 'Cast', name: 'float32 -> float32 passes the gradient', inputs: [f32([2, 3])], build: (x) => mul(cast(x, 'float32'), x) },
];
