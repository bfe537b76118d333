// Op-table rows for reductions, the softmax family, and shape ops (squeeze, unsqueeze, slice, reshape, transpose, expand, concat, split, matmul).
import type { OpCase, CaseInput } from './case.js';
import type { Tensor } from '../../../src/engine/graph.js';
import { grad } from '../../../src/engine/autodiff.js';
import { reduceSum } from '../../../src/engine/ops/reduce-sum.js';
import { reduceMean } from '../../../src/engine/ops/reduce-mean.js';
import { reduceMax } from '../../../src/engine/ops/reduce-max.js';
import { logSumExp } from '../../../src/engine/ops/reduce-log-sum-exp.js';
import { softmax } from '../../../src/engine/ops/softmax.js';
import { logSoftmax } from '../../../src/engine/ops/log-softmax.js';
import { cumSum } from '../../../src/engine/ops/cum-sum.js';
import { squeeze } from '../../../src/engine/ops/squeeze.js';
import { unsqueeze } from '../../../src/engine/ops/unsqueeze.js';
import { slice, sliceAxes } from '../../../src/engine/ops/slice.js';
import { reshape } from '../../../src/engine/ops/reshape.js';
import { transpose } from '../../../src/engine/ops/transpose.js';
import { expand } from '../../../src/engine/ops/expand.js';
import { concat } from '../../../src/engine/ops/concat.js';
import { split } from '../../../src/engine/ops/split.js';
import { matmul } from '../../../src/engine/ops/matmul.js';
import { sum } from '../../../src/engine/ops/sum.js';
import { stopGradient } from '../../../src/engine/ops/stop-gradient.js';
import { constant } from '../../../src/engine/ops/constant.js';
import { mul } from '../../../src/engine/ops/mul.js';
import { add } from '../../../src/engine/ops/add.js';

const f32 = (shape: number[], values?: number[]): CaseInput => ({ dtype: 'float32', shape, values });
const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** The gradient of sum(y) with respect to x (checks tie conventions at exact points). */
const gradOfSum = (y: Tensor, x: Tensor): Tensor => grad(reduceSum(y), [x])[0];

const A23 = [1, 2, 3, 4, 5, 6]; // [[1, 2, 3], [4, 5, 6]]
const LN = Math.log;
const E = Math.E;

export const cases: OpCase[] = [
  // ReduceMean
  { op: 'ReduceMean', name: '[2, 3] over axis 1', inputs: [f32([2, 3], A23)], build: (x) => reduceMean(x, [1]), expected: [[2, 5]] },
  { op: 'ReduceMean', name: '[2, 3] over all axes, keepdims', inputs: [f32([2, 3], A23)], build: (x) => reduceMean(x, undefined, true), expected: [[3.5]] },
  { op: 'ReduceMean', name: 'generated [2, 3, 4] over axes 0 and -1, keepdims', inputs: [f32([2, 3, 4])], build: (x) => reduceMean(x, [0, -1], true) },
  { op: 'ReduceMean', name: 'empty axes list is the identity', inputs: [f32([2, 3], A23)], build: (x) => reduceMean(x, []), expected: [A23] },
  // ReduceMax
  { op: 'ReduceMax', name: '[2, 3] over axis 1', inputs: [f32([2, 3], [1, 5, 3, 7, 2, 4])], build: (x) => reduceMax(x, [1]), expected: [[5, 7]] },
  { op: 'ReduceMax', name: 'distinct values over axis 0, keepdims (gradient to the arg-max)', inputs: [f32([3, 2], [0.3, -1.2, 2.1, 0.4, -0.7, 1.5])], build: (x) => reduceMax(x, [0], true), expected: [[2.1, 1.5]] },
  { op: 'ReduceMax', name: 'generated [3, 4, 2] over axes 1 and 2', inputs: [f32([3, 4, 2])], build: (x) => reduceMax(x, [1, 2]) },
  {
    op: 'ReduceMax', name: 'tied maxima split the gradient equally', inputs: [f32([2, 3], [1, 3, 3, 2, 2, 2])],
    build: (x) => [reduceMax(x, [1]), gradOfSum(reduceMax(x, [1]), x)], grad: false,
    expected: [[3, 2], [0, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3]],
  },
  // ReduceLogSumExp
  {
    op: 'ReduceLogSumExp', name: 'rows including large logits (stability)', inputs: [f32([3, 2], [0, 0, 1000, 1000, 0, LN(3)])],
    build: (x) => logSumExp(x, [1]), expected: [[LN(2), 1000 + LN(2), LN(4)]], // log(1 + 3) = log 4
  },
  { op: 'ReduceLogSumExp', name: 'very negative logits stay finite', inputs: [f32([2], [-1000, -1000])], build: (x) => logSumExp(x), expected: [[-1000 + LN(2)]] },
  { op: 'ReduceLogSumExp', name: 'generated [2, 3, 4] over axes 0 and 2, keepdims', inputs: [f32([2, 3, 4])], build: (x) => logSumExp(x, [0, 2], true) },
  // Softmax, LogSoftmax
  {
    op: 'Softmax', name: 'rows [0, ln 2, ln 5] and large logits [1000, 1001, 1000]', inputs: [f32([2, 3], [0, LN(2), LN(5), 1000, 1001, 1000])],
    build: (x) => softmax(x), expected: [[1 / 8, 2 / 8, 5 / 8, 1 / (2 + E), E / (2 + E), 1 / (2 + E)]],
  },
  { op: 'Softmax', name: 'generated [3, 4] along axis 0', inputs: [f32([3, 4])], build: (x) => softmax(x, 0) },
  { op: 'Softmax', name: 'generated [2, 3, 5] along the last axis', inputs: [f32([2, 3, 5])], build: (x) => softmax(x) },
  {
    op: 'LogSoftmax', name: 'uniform row and large logits', inputs: [f32([2, 2], [0, 0, 1000, 1001])],
    build: (x) => logSoftmax(x), expected: [[-LN(2), -LN(2), -LN(1 + E), 1 - LN(1 + E)]],
  },
  { op: 'LogSoftmax', name: 'generated [2, 3, 4] along axis 1', inputs: [f32([2, 3, 4])], build: (x) => logSoftmax(x, 1) },
  // CumSum
  { op: 'CumSum', name: '[2, 3] along the last axis', inputs: [f32([2, 3], A23)], build: (x) => cumSum(x), expected: [[1, 3, 6, 4, 9, 15]] },
  { op: 'CumSum', name: '[2, 3] reversed along axis 0', inputs: [f32([2, 3], A23)], build: (x) => cumSum(x, 0, true), expected: [[5, 7, 9, 4, 5, 6]] },
  { op: 'CumSum', name: 'generated [2, 3, 4] along axis 1', inputs: [f32([2, 3, 4])], build: (x) => cumSum(x, 1) },
  { op: 'CumSum', name: 'generated [3, 5] reversed, last axis', inputs: [f32([3, 5])], build: (x) => cumSum(x, -1, true) },
  // Squeeze, Unsqueeze
  { op: 'Squeeze', name: '[2, 1, 3] axis 1', inputs: [f32([2, 1, 3], A23)], build: (x) => squeeze(x, [1]), expected: [A23] },
  { op: 'Squeeze', name: 'generated [1, 3, 1, 2], every size-1 axis', inputs: [f32([1, 3, 1, 2])], build: (x) => squeeze(x) },
  { op: 'Squeeze', name: 'negative axis', inputs: [f32([3, 1])], build: (x) => mul(squeeze(x, [-1]), 2) },
  { op: 'Unsqueeze', name: '[2, 3] at 0 and -1', inputs: [f32([2, 3], A23)], build: (x) => unsqueeze(x, [0, -1]), expected: [A23] },
  { op: 'Unsqueeze', name: 'generated [3] at 1, then broadcast', inputs: [f32([3]), f32([3, 2])], build: (x, y) => mul(unsqueeze(x, [1]), y) },
  // Slice
  {
    op: 'Slice', name: '[3, 4] rows 1:3, columns -3:-1', inputs: [f32([3, 4], iota(12))],
    build: (x) => sliceAxes(x, [1, -3], [3, -1], [0, 1]), expected: [[5, 6, 9, 10]],
  },
  { op: 'Slice', name: 'generated [4, 5, 3] axis 1 from 1 to 4', inputs: [f32([4, 5, 3])], build: (x) => slice(x, 1, 1, 4) },
  { op: 'Slice', name: 'generated [4, 5] on both axes, prefix and suffix', inputs: [f32([4, 5])], build: (x) => sliceAxes(x, [0, 2], [2, 4], [1, 0]) },
  {
    op: 'Slice', name: 'the gradient pads with zeros', inputs: [f32([2, 3], A23)],
    build: (x) => { const y = slice(x, 1, 1, 2); return [y, gradOfSum(mul(y, 3), x)]; }, grad: false, expected: [[2, 5], [0, 3, 0, 0, 3, 0]],
  },
  // Reshape, Transpose, Expand
  { op: 'Reshape', name: '[2, 3] to [3, 2]', inputs: [f32([2, 3], A23)], build: (x) => reshape(x, [3, 2]), expected: [A23] },
  { op: 'Reshape', name: 'generated [2, 3, 4] to [4, -1]', inputs: [f32([2, 3, 4])], build: (x) => reshape(x, [4, -1]) },
  { op: 'Transpose', name: '[2, 3] swap', inputs: [f32([2, 3], A23)], build: (x) => transpose(x), expected: [[1, 4, 2, 5, 3, 6]] },
  { op: 'Transpose', name: 'generated [2, 3, 4] perm [2, 0, 1]', inputs: [f32([2, 3, 4])], build: (x) => transpose(x, [2, 0, 1]) },
  { op: 'Expand', name: '[3] to [2, 3]', inputs: [f32([3], [1, 2, 3])], build: (x) => expand(x, [2, 3]), expected: [[1, 2, 3, 1, 2, 3]] },
  { op: 'Expand', name: 'generated [2, 1, 3] to [4, 2, 5, 3]', inputs: [f32([2, 1, 3])], build: (x) => expand(x, [4, 2, 5, 3]) },
  // Concat, Split
  { op: 'Concat', name: '[2, 1] and [2, 2] on axis 1', inputs: [f32([2, 1], [1, 2]), f32([2, 2], [3, 4, 5, 6])], build: (a, b) => concat([a, b], 1), expected: [[1, 3, 4, 2, 5, 6]] },
  { op: 'Concat', name: 'generated three tensors on axis 0', inputs: [f32([1, 3]), f32([2, 3]), f32([3, 3])], build: (a, b, c) => concat([a, b, c], 0) },
  { op: 'Split', name: '[2, 3] on axis 1 into [1, 2]', inputs: [f32([2, 3], A23)], build: (x) => split(x, 1, [1, 2]), expected: [[1, 4], [2, 3, 5, 6]] },
  { op: 'Split', name: 'generated [4, 3] into 2 equal parts on axis 0', inputs: [f32([4, 3])], build: (x) => split(x, 0, 2) },
  { op: 'Split', name: 'only one piece reaches the loss', inputs: [f32([2, 4])], build: (x) => split(x, -1, [1, 3])[1] },
  // ReduceSum
  { op: 'ReduceSum', name: '[2, 3] over axis 0', inputs: [f32([2, 3], A23)], build: (x) => reduceSum(x, [0]), expected: [[5, 7, 9]] },
  { op: 'ReduceSum', name: 'generated [2, 3, 4] over axes 1 and 2, keepdims', inputs: [f32([2, 3, 4])], build: (x) => reduceSum(x, [1, -1], true) },
  // MatMul
  {
    op: 'MatMul', name: '[2, 2] @ [2, 3]', inputs: [f32([2, 2], [1, 2, 3, 4]), f32([2, 3], A23)],
    build: matmul, expected: [[1 * 1 + 2 * 4, 1 * 2 + 2 * 5, 1 * 3 + 2 * 6, 3 * 1 + 4 * 4, 3 * 2 + 4 * 5, 3 * 3 + 4 * 6]],
  },
  { op: 'MatMul', name: 'batched [2, 3, 4] @ [4, 5]', inputs: [f32([2, 3, 4]), f32([4, 5])], build: matmul },
  { op: 'MatMul', name: 'broadcast batch [2, 1, 3, 4] @ [3, 4, 2]', inputs: [f32([2, 1, 3, 4]), f32([3, 4, 2])], build: matmul },
  {
    op: 'MatMul', name: 'batch [2, 1, 2] @ [2, 1]', inputs: [f32([2, 1, 2], [1, 2, 3, 4]), f32([2, 1], [10, 1])],
    build: matmul, expected: [[12, 34]],
  },
  // Sum, StopGradient, Constant
  { op: 'Sum', name: 'two tensors and a product', inputs: [f32([3], [1, 2, 3]), f32([3], [4, 5, 6])], build: (a, b) => sum([a, b, mul(a, b)]), expected: [[9, 17, 27]] },
  {
    op: 'StopGradient', name: 'gradient flows only through the unstopped factor', inputs: [f32([3], [1, 2, 3])],
    build: (x) => [mul(stopGradient(x), x), gradOfSum(mul(stopGradient(x), x), x)], grad: false, expected: [[1, 4, 9], [1, 2, 3]],
  },
  { op: 'Constant', name: 'matrix constant times an input', inputs: [f32([2, 2])], build: (x) => mul(x, constant(x.graph, [1, -2, 3, 0.5], 'float32', [2, 2])) },
  { op: 'Constant', name: 'scalar constant broadcast', inputs: [f32([2], [1, 2])], build: (x) => add(x, constant(x.graph, 7)), expected: [[8, 9]] },
];
