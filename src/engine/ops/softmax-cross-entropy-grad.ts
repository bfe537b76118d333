// SoftmaxCrossEntropyGrad: (softmax(logits) - onehot(targets)) * g[:, None], the fused loss's logits gradient, with its own VJP for second derivatives.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, ShapeError } from '../shape.js';
import { onnxDataType } from '../dtype.js';
import { nd } from '../ndarray.js';
import { checkIndexRange } from './gather.js';
import { checkLogitsTargets, rowLogSumExp } from './softmax-cross-entropy.js';
import { softmax } from './softmax.js';
import { oneHot } from './one-hot.js';
import { reshape } from './reshape.js';
import { reduceSum } from './reduce-sum.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

type NoAttrs = Record<string, never>;

export const SoftmaxCrossEntropyGrad = defineOp<NoAttrs>({
  type: 'SoftmaxCrossEntropyGrad',
  infer: ([logits, targets, g]) => {
    checkLogitsTargets('SoftmaxCrossEntropyGrad', logits, targets);
    if (g.dtype !== 'float32' || g.shape.length !== 1 || g.shape[0] !== logits.shape[0]) {
      throw new ShapeError(`SoftmaxCrossEntropyGrad: g must be float32 of shape [${logits.shape[0]}], got ${g.dtype}${fmt(g.shape)}`);
    }
    return [{ dtype: 'float32', shape: logits.shape }];
  },
  vjp: ({ inputs: [logits, targets, g], grads: [dy] }) => {
    const [n, v] = logits.shape;
    const s = softmax(logits, -1); // (N, V)
    const u = mul(dy, reshape(g, [n, 1])); // (N, V)
    const dLogits = mul(s, sub(u, reduceSum(mul(u, s), [1], true))); // (N, V)
    const dG = reduceSum(mul(dy, sub(s, oneHot(targets, v))), [1]); // (N, V) -> (N)
    return [dLogits, null, dG];
  },
  reference: ([logits, targets, g]) => {
    const [n, v] = logits.shape;
    checkIndexRange('SoftmaxCrossEntropyGrad', targets.data, v);
    const { max, logSum } = rowLogSumExp(logits);
    const out = new Float64Array(n * v);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < v; c++) {
        const p = Math.exp(logits.data[r * v + c] - max[r] - logSum[r]);
        out[r * v + c] = (p - (c === targets.data[r] ? 1 : 0)) * g.data[r];
      }
    }
    return [{ dtype: 'float32', shape: [n, v], data: out }];
  },
  lower: (ctx, [logits, targets, g], [out]) => {
    const s = ctx.node('Softmax', [logits], { axis: -1 })[0]; // (N, V)
    const idx64 = ctx.node('Cast', [targets], { to: onnxDataType('int64') })[0];
    const idx = ctx.node('Reshape', [idx64, ctx.int64s([-1, 1])])[0]; // (N) -> (N, 1)
    const minusOne = ctx.node('ConstantOfShape', [ctx.node('Shape', [idx])[0]], { value: { tensor: nd('float32', [1], [-1]) } })[0]; // (N, 1)
    const delta = ctx.node('ScatterElements', [s, idx, minusOne], { axis: 1, reduction: 'add' })[0]; // s - onehot
    const gCol = ctx.node('Reshape', [g, ctx.int64s([-1, 1])])[0]; // (N) -> (N, 1)
    ctx.emit('Mul', [delta, gCol], out);
  },
});

/** (softmax(logits) - onehot(targets)) * g[:, None] for logits (N, V), targets (N), g (N). */
export function softmaxCrossEntropyGrad(logits: Tensor, targets: Tensor, g: Tensor): Tensor {
  return logits.graph.apply(SoftmaxCrossEntropyGrad, [logits, targets, g])[0];
}
