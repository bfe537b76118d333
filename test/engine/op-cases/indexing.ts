// Op-table rows for indexing ops: gather and scatter, one-hot, arg-max, top-k and the fused softmax cross-entropy.
import type { OpCase, CaseInput } from './case.js';
import type { Tensor } from '../../../src/engine/graph.js';
import type { DType } from '../../../src/engine/dtype.js';
import { grad } from '../../../src/engine/autodiff.js';
import { reduceSum } from '../../../src/engine/ops/reduce-sum.js';
import { gather } from '../../../src/engine/ops/gather.js';
import { scatterAdd } from '../../../src/engine/ops/scatter-add.js';
import { gatherElements } from '../../../src/engine/ops/gather-elements.js';
import { scatterElementsAdd } from '../../../src/engine/ops/scatter-elements-add.js';
import { oneHot } from '../../../src/engine/ops/one-hot.js';
import { argMax } from '../../../src/engine/ops/arg-max.js';
import { topK } from '../../../src/engine/ops/top-k.js';
import { softmaxCrossEntropy, softmaxCrossEntropyWithLogProbs } from '../../../src/engine/ops/softmax-cross-entropy.js';
import { softmaxCrossEntropyGrad } from '../../../src/engine/ops/softmax-cross-entropy-grad.js';

const f32 = (shape: number[], values?: number[]): CaseInput => ({ dtype: 'float32', shape, values });
const typed = (dtype: DType, shape: number[], values?: number[], gen?: string): CaseInput => ({ dtype, shape, values, gen });
/** The gradient of sum(y) with respect to x. */
const gradOf = (y: Tensor, x: Tensor): Tensor => grad(reduceSum(y), [x])[0];

const A32 = [1, 2, 3, 4, 5, 6]; // [[1, 2], [3, 4], [5, 6]]
const LN = Math.log;
const E = Math.E;

/** Softmax cross-entropy of one row and target, by the textbook formula (fine for small logits). */
const nll = (row: number[], t: number): number => LN(row.reduce((s, v) => s + Math.exp(v), 0)) - row[t];

export const cases: OpCase[] = [
  // Gather
  { op: 'Gather', name: '[3, 2] rows [2, 0] (int32)', inputs: [f32([3, 2], A32), typed('int32', [2], [2, 0])], build: (x, i) => gather(x, i), expected: [[5, 6, 1, 2]] },
  { op: 'Gather', name: 'axis 1 with [2, 2] int64 indices', inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6]), typed('int64', [2, 2], [2, 0, 1, 1])], build: (x, i) => gather(x, i, 1), expected: [[3, 1, 2, 2, 6, 4, 5, 5]] },
  { op: 'Gather', name: 'repeated rows accumulate in the gradient', inputs: [f32([4, 3]), typed('int64', [2, 3], [1, 1, 3, 0, 1, 1])], build: (x, i) => gather(x, i) },
  {
    op: 'Gather', name: 'repeated-index gradient counts', inputs: [f32([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]), typed('int32', [4], [1, 1, 3, 1])],
    build: (x, i) => { const y = gather(x, i); return [y, gradOf(y, x)]; }, grad: false, expected: [[3, 4, 3, 4, 7, 8, 3, 4], [0, 0, 3, 3, 0, 0, 1, 1]],
  },
  { op: 'Gather', name: 'generated [2, 5, 3] on axis 1 with [2, 2] indices', inputs: [f32([2, 5, 3]), typed('int32', [2, 2], undefined, 'int:0:5')], build: (x, i) => gather(x, i, 1) },
  { op: 'Gather', name: 'generated [3, 4] on axis -1 with [5] indices', inputs: [f32([3, 4]), typed('int64', [5], undefined, 'int:0:4')], build: (x, i) => gather(x, i, -1) },
  { op: 'Gather', name: 'scalar index drops the axis', inputs: [f32([3, 2], A32), typed('int64', [], [1])], build: (x, i) => gather(x, i), expected: [[3, 4]] },
  // ScatterAdd
  {
    op: 'ScatterAdd', name: 'rows [0, 2, 0] into [3, 2]', inputs: [typed('int32', [3], [0, 2, 0]), f32([3, 2], A32)],
    build: (i, u) => scatterAdd(i, u, [3, 2]), expected: [[1 + 5, 2 + 6, 0, 0, 3, 4]],
  },
  { op: 'ScatterAdd', name: 'generated [2, 3] int64 indices into [4, 2]', inputs: [typed('int64', [2, 3], undefined, 'int:0:4'), f32([2, 3, 2])], build: (i, u) => scatterAdd(i, u, [4, 2]) },
  // GatherElements
  { op: 'GatherElements', name: 'pick one column per row', inputs: [f32([2, 3], [1, 2, 3, 4, 5, 6]), typed('int64', [2, 1], [2, 0])], build: (x, i) => gatherElements(x, i, 1), expected: [[3, 4]] },
  { op: 'GatherElements', name: 'axis 0, indices smaller than data', inputs: [f32([3, 2], A32), typed('int32', [2, 2], [2, 0, 1, 2])], build: (x, i) => gatherElements(x, i, 0), expected: [[5, 2, 3, 6]] },
  { op: 'GatherElements', name: 'generated [3, 4] with repeated picks on axis -1', inputs: [f32([3, 4]), typed('int32', [3, 5], undefined, 'int:0:4')], build: (x, i) => gatherElements(x, i, -1) },
  // ScatterElementsAdd
  {
    op: 'ScatterElementsAdd', name: 'axis 1 with a repeated target', inputs: [typed('int64', [2, 2], [1, 1, 0, 2]), f32([2, 2], [1, 2, 3, 4])],
    build: (i, u) => scatterElementsAdd(i, u, 1, [2, 3]), expected: [[0, 3, 0, 3, 0, 4]],
  },
  { op: 'ScatterElementsAdd', name: 'generated axis 0 into [3, 4]', inputs: [typed('int32', [4, 3], undefined, 'int:0:3'), f32([4, 3])], build: (i, u) => scatterElementsAdd(i, u, 0, [3, 4]) },
  // OneHot
  { op: 'OneHot', name: 'int32 [3], depth 3', inputs: [typed('int32', [3], [2, 0, 1])], build: (i) => oneHot(i, 3), expected: [[0, 0, 1, 1, 0, 0, 0, 1, 0]], grad: false },
  { op: 'OneHot', name: 'int64 [2, 2], depth 2', inputs: [typed('int64', [2, 2], [1, 1, 0, 1])], build: (i) => oneHot(i, 2), expected: [[0, 1, 0, 1, 1, 0, 0, 1]], grad: false },
  { op: 'OneHot', name: 'generated int64 [4, 3], depth 5', inputs: [typed('int64', [4, 3], undefined, 'int:0:5')], build: (i) => oneHot(i, 5), grad: false },
  // ArgMax
  { op: 'ArgMax', name: 'last axis, tie takes the first', inputs: [f32([2, 3], [1, 3, 3, 5, 2, 0])], build: (x) => argMax(x), expected: [[1, 0]], grad: false },
  { op: 'ArgMax', name: 'axis 0 keepdims', inputs: [f32([3, 2], [1, 6, 5, 2, 5, 4])], build: (x) => argMax(x, 0, true), expected: [[1, 0]], grad: false },
  { op: 'ArgMax', name: 'generated int32 [3, 5] with ties', inputs: [typed('int32', [3, 5], undefined, 'int:0:3')], build: (x) => argMax(x, 1), grad: false },
  // TopK
  {
    op: 'TopK', name: 'k = 2 with a tie (lower index first)', inputs: [f32([2, 4], [1, 4, 4, 2, 0, -1, 3, 2])],
    build: (x) => topK(x, 2), expected: [[4, 4, 3, 2], [1, 2, 2, 3]], grad: false,
  },
  { op: 'TopK', name: 'generated [3, 6], k = 3, values and indices', inputs: [f32([3, 6])], build: (x) => topK(x, 3) },
  { op: 'TopK', name: 'generated [2, 2, 5], k = 5 (full sort)', inputs: [f32([2, 2, 5])], build: (x) => topK(x, 5)[0] },
  // SoftmaxCrossEntropy
  {
    op: 'SoftmaxCrossEntropy', name: 'small and large logits', inputs: [f32([2, 3], [0, LN(2), 1, 1000, 1001, 1000]), typed('int32', [2], [1, 0])],
    build: softmaxCrossEntropy, expected: [[nll([0, LN(2), 1], 1), 1 + LN(1 + 2 / E)]], // row 2 shifted by 1000: log(1 + e + 1) - 0
  },
  {
    op: 'SoftmaxCrossEntropy', name: 'loss and log-probabilities both used (gradient through both outputs)', inputs: [f32([3, 5]), typed('int32', [3], undefined, 'int:0:5')],
    build: (l, t) => {
      const { nll, logProbs } = softmaxCrossEntropyWithLogProbs(l, t);
      return [nll, logProbs];
    },
  },
  { op: 'SoftmaxCrossEntropy', name: 'generated [5, 7] with int64 targets', inputs: [f32([5, 7]), typed('int64', [5], undefined, 'int:0:7')], build: softmaxCrossEntropy },
  {
    op: 'SoftmaxCrossEntropy', name: 'the logits gradient (second derivatives through the fused pair)', inputs: [f32([3, 4]), typed('int32', [3], undefined, 'int:0:4')],
    build: (l, t) => {
      const loss = softmaxCrossEntropy(l, t);
      return [loss, gradOf(loss, l)];
    },
  },
  {
    op: 'SoftmaxCrossEntropyGrad', name: 'two uniform rows (log-probabilities ln 1/2) scaled by g', inputs: [f32([2, 2], [-LN(2), -LN(2), -LN(2), -LN(2)]), typed('int64', [2], [0, 1]), f32([2], [2, -1])],
    build: softmaxCrossEntropyGrad, expected: [[(0.5 - 1) * 2, 0.5 * 2, 0.5 * -1, (0.5 - 1) * -1]],
  },
  { op: 'SoftmaxCrossEntropyGrad', name: 'generated [4, 6], gradients wrt logits and g', inputs: [f32([4, 6]), typed('int32', [4], undefined, 'int:0:6'), f32([4])], build: softmaxCrossEntropyGrad },
];
