// SoftmaxCrossEntropy: fused per-row loss logsumexp(logits) - logits[target] for (N, V) logits, also returning the log-probabilities
// so the backward pass reuses them (one Exp instead of a second Softmax); stable for large logits (shifted by the row max).
import { defineOp, type TensorType } from '../op.js';
import type { Tensor } from '../graph.js';
import { isInteger, onnxDataType } from '../dtype.js';
import { fmt, ShapeError } from '../shape.js';
import type { NDArray } from '../ndarray.js';
import { checkIndexRange } from './gather.js';
import { softmaxCrossEntropyGrad } from './softmax-cross-entropy-grad.js';
import { isSymbolicZero } from '../symbolic-zero.js';
import { add } from './add.js';
import { sub } from './sub.js';
import { mul } from './mul.js';
import { exp } from './exp.js';
import { reduceSum } from './reduce-sum.js';

type NoAttrs = Record<string, never>;

/** Shared shape rule: logits float32 (N, V), targets int (N). */
export function checkLogitsTargets(op: string, logits: TensorType, targets: TensorType): void {
  if (logits.dtype !== 'float32' || logits.shape.length !== 2) throw new ShapeError(`${op}: logits must be float32 (N, V), got ${logits.dtype}${fmt(logits.shape)}`);
  if (!isInteger(targets.dtype) || targets.shape.length !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new ShapeError(`${op}: targets must be int32 or int64 of shape [${logits.shape[0]}], got ${targets.dtype}${fmt(targets.shape)}`);
  }
}

/** Per row of (N, V) logits: the maximum and log(sum(exp(row - max))). */
export function rowLogSumExp(logits: NDArray): { max: Float64Array; logSum: Float64Array } {
  const [n, v] = logits.shape;
  const max = new Float64Array(n).fill(-Infinity);
  const logSum = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < v; c++) max[r] = Math.max(max[r], logits.data[r * v + c]);
    let s = 0;
    for (let c = 0; c < v; c++) s += Math.exp(logits.data[r * v + c] - max[r]);
    logSum[r] = Math.log(s);
  }
  return { max, logSum };
}

export const SoftmaxCrossEntropy = defineOp<NoAttrs>({
  type: 'SoftmaxCrossEntropy',
  infer: ([logits, targets]) => {
    checkLogitsTargets('SoftmaxCrossEntropy', logits, targets);
    return [{ dtype: 'float32', shape: [logits.shape[0]] }, { dtype: 'float32', shape: logits.shape }];
  },
  vjp: ({ inputs: [, targets], outputs: [, logProbs], grads: [g, gLogProbs] }) => {
    const fromLoss = softmaxCrossEntropyGrad(logProbs, targets, g); // (N, V)
    if (isSymbolicZero(gLogProbs)) return [fromLoss, null];
    // log-softmax backward for uses of the log-probabilities: g - exp(lp) * sum(g, -1)
    const fromLogProbs = sub(gLogProbs, mul(exp(logProbs), reduceSum(gLogProbs, [1], true)));
    return [add(fromLoss, fromLogProbs), null];
  },
  reference: ([logits, targets]) => {
    const [n, v] = logits.shape;
    checkIndexRange('SoftmaxCrossEntropy', targets.data, v);
    const { max, logSum } = rowLogSumExp(logits);
    const out = Float64Array.from({ length: n }, (_, r) => max[r] + logSum[r] - logits.data[r * v + targets.data[r]]);
    const logProbs = logits.data.map((x, i) => x - max[Math.floor(i / v)] - logSum[Math.floor(i / v)]);
    return [{ dtype: 'float32', shape: [n], data: out }, { dtype: 'float32', shape: [n, v], data: logProbs }];
  },
  lower: (ctx, [logits, targets], [out, logp]) => {
    ctx.emit('LogSoftmax', [logits], logp, { axis: -1 }); // (N, V)
    const idx64 = ctx.node('Cast', [targets], { to: onnxDataType('int64') })[0];
    const idx = ctx.node('Reshape', [idx64, ctx.int64s([-1, 1])])[0]; // (N) -> (N, 1)
    const picked = ctx.node('GatherElements', [logp, idx], { axis: 1 })[0]; // (N, 1)
    const nll = ctx.node('Neg', [picked])[0];
    ctx.emit('Reshape', [nll, ctx.int64s([-1])], out); // (N, 1) -> (N)
  },
});

/** Per-row negative log-likelihood of integer targets (N) under softmax(logits (N, V)): a (N) float32 tensor. */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return logits.graph.apply(SoftmaxCrossEntropy, [logits, targets])[0];
}

/** The loss and the log-probabilities (N, V) together, when both are needed. */
export function softmaxCrossEntropyWithLogProbs(logits: Tensor, targets: Tensor): { nll: Tensor; logProbs: Tensor } {
  const [nll, logProbs] = logits.graph.apply(SoftmaxCrossEntropy, [logits, targets]);
  return { nll, logProbs };
}
