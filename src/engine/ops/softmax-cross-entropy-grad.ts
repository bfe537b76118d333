// SoftmaxCrossEntropyGrad: (exp(logProbs) - onehot(targets)) * g[:, None], the fused loss's logits gradient from the forward
// pass's log-probabilities, with its own VJP for second derivatives.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { fmt, ShapeError } from '../shape.js';
import { onnxDataType } from '../dtype.js';
import { nd } from '../ndarray.js';
import { checkIndexRange } from './gather.js';
import { checkLogitsTargets } from './softmax-cross-entropy.js';
import { exp } from './exp.js';
import { oneHot } from './one-hot.js';
import { reshape } from './reshape.js';
import { reduceSum } from './reduce-sum.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

type NoAttrs = Record<string, never>;

export const SoftmaxCrossEntropyGrad = defineOp<NoAttrs>({
  type: 'SoftmaxCrossEntropyGrad',
  infer: ([logits, targets, g]) => {
    checkLogitsTargets('SoftmaxCrossEntropyGrad', logits, targets); // the first input holds log-probabilities
    if (g.dtype !== 'float32' || g.shape.length !== 1 || g.shape[0] !== logits.shape[0]) {
      throw new ShapeError(`SoftmaxCrossEntropyGrad: g must be float32 of shape [${logits.shape[0]}], got ${g.dtype}${fmt(g.shape)}`);
    }
    return [{ dtype: 'float32', shape: logits.shape }];
  },
  vjp: ({ inputs: [logProbs, targets, g], grads: [dy] }) => {
    const [n, v] = logProbs.shape;
    const p = exp(logProbs); // (N, V)
    const dLogProbs = mul(mul(dy, reshape(g, [n, 1])), p); // d exp(lp) = exp(lp) dlp
    const dG = reduceSum(mul(dy, sub(p, oneHot(targets, v))), [1]); // (N, V) -> (N)
    return [dLogProbs, null, dG];
  },
  reference: ([logProbs, targets, g]) => {
    const [n, v] = logProbs.shape;
    checkIndexRange('SoftmaxCrossEntropyGrad', targets.data, v);
    const out = new Float64Array(n * v);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < v; c++) {
        const p = Math.exp(logProbs.data[r * v + c]);
        out[r * v + c] = (p - (c === targets.data[r] ? 1 : 0)) * g.data[r];
      }
    }
    return [{ dtype: 'float32', shape: [n, v], data: out }];
  },
  lower: (ctx, [logProbs, targets, g], [out]) => {
    const s = ctx.node('Exp', [logProbs])[0]; // (N, V) probabilities
    const idx64 = ctx.node('Cast', [targets], { to: onnxDataType('int64') })[0];
    const idx = ctx.node('Reshape', [idx64, ctx.int64s([-1, 1])])[0]; // (N) -> (N, 1)
    const minusOne = ctx.node('ConstantOfShape', [ctx.node('Shape', [idx])[0]], { value: { tensor: nd('float32', [1], [-1]) } })[0]; // (N, 1)
    const delta = ctx.node('ScatterElements', [s, idx, minusOne], { axis: 1, reduction: 'add' })[0]; // s - onehot
    const gCol = ctx.node('Reshape', [g, ctx.int64s([-1, 1])])[0]; // (N) -> (N, 1)
    ctx.emit('Mul', [delta, gCol], out);
  },
});

/** (exp(logProbs) - onehot(targets)) * g[:, None] for log-probabilities (N, V), targets (N), g (N). */
export function softmaxCrossEntropyGrad(logProbs: Tensor, targets: Tensor, g: Tensor): Tensor {
  return logProbs.graph.apply(SoftmaxCrossEntropyGrad, [logProbs, targets, g])[0];
}
