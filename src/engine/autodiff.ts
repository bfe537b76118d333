// Reverse-mode automatic differentiation over a traced graph: VJP rules applied in reverse topological order.
import { type Node, type Tensor, nodesFor } from './graph.js';
import { fmt, sameShape } from './shape.js';
import { isFloat } from './dtype.js';
import { constant } from './ops/constant.js';
import { expand } from './ops/expand.js';
import { sum } from './ops/sum.js';
import { MatMul, matmul } from './ops/matmul.js';
import { Transpose, transpose } from './ops/transpose.js';
import { concat } from './ops/concat.js';
import { markSymbolicZero } from './symbolic-zero.js';

export class GradientError extends Error {
  override name = 'GradientError';
}

export function zerosLike(t: Tensor): Tensor {
  return markSymbolicZero(expand(constant(t.graph, 0, t.dtype), t.shape));
}

/** Tensors that depend on any of `sources` (forward reachability). */
function dependents(sources: readonly Tensor[], nodes: readonly Node[]): Set<Tensor> {
  const reach = new Set<Tensor>(sources);
  for (const n of nodes) {
    if (n.inputs.some((i) => reach.has(i))) for (const o of n.outputs) reach.add(o);
  }
  return reach;
}

/**
 * If several contributions are 2-D products transpose(a_i) @ b_i (the weight gradients of a
 * recurrence applied step by step), compute them as one product transpose(concat a_i) @ concat b_i:
 * one large GEMM instead of T small ones plus T - 1 additions.
 */
function fuseWeightGradients(parts: Tensor[]): Tensor[] {
  const fusable: Tensor[] = [];
  const rest: Tensor[] = [];
  for (const p of parts) {
    const n = p.node;
    const lhs = n?.op === MatMul ? n.inputs[0] : undefined;
    const ok = lhs?.node?.op === Transpose && lhs.rank === 2 && n!.inputs[1].rank === 2;
    (ok ? fusable : rest).push(p);
  }
  if (fusable.length < 2) return parts;
  const as = fusable.map((p) => p.node!.inputs[0].node!.inputs[0]); // each (M_i, K)
  const bs = fusable.map((p) => p.node!.inputs[1]); // each (M_i, N)
  const fused = matmul(transpose(concat(as, 0)), concat(bs, 0)); // (K, sum M) @ (sum M, N) -> (K, N)
  return [fused, ...rest];
}

function accumulate(parts: Tensor[]): Tensor {
  return parts.length === 1 ? parts[0] : sum(fuseWeightGradients(parts));
}

/**
 * Gradients of `output` (a float scalar, or any float tensor when `seed` is given) with respect to
 * each of `wrt`. Inputs the output does not depend on get zeros. Integer and bool tensors get no gradient.
 */
export function grad(output: Tensor, wrt: readonly Tensor[], seed?: Tensor): Tensor[] {
  if (!isFloat(output.dtype)) throw new GradientError(`grad: output must be float32, got ${output.dtype}`);
  if (seed === undefined && output.rank !== 0) throw new GradientError(`grad: output must be a scalar without a seed, got shape ${fmt(output.shape)}`);
  if (seed !== undefined && !sameShape(seed.shape, output.shape)) throw new GradientError(`grad: seed must have the output's shape ${fmt(output.shape)}, got ${fmt(seed.shape)}`);
  for (const w of wrt) {
    if (!isFloat(w.dtype)) throw new GradientError(`grad: cannot differentiate with respect to ${w.dtype} tensor ${w}`);
  }
  const nodes = nodesFor([output]);
  const live = dependents(wrt, nodes);
  const contributions = new Map<Tensor, Tensor[]>();
  const add = (t: Tensor, g: Tensor) => {
    const list = contributions.get(t);
    if (list) list.push(g);
    else contributions.set(t, [g]);
  };
  add(output, seed ?? constant(output.graph, 1, 'float32'));

  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (!node.outputs.some((o) => contributions.has(o))) continue;
    if (!node.inputs.some((i) => live.has(i) && isFloat(i.dtype))) continue;
    if (node.op.vjp === 'none') continue;
    const grads = node.outputs.map((o) => {
      const parts = contributions.get(o);
      contributions.delete(o);
      return parts ? accumulate(parts) : zerosLike(o);
    });
    const inGrads = node.op.vjp({ inputs: node.inputs, outputs: node.outputs, grads, attrs: node.attrs });
    if (inGrads.length !== node.inputs.length) {
      throw new GradientError(`${node.op.type}: VJP returned ${inGrads.length} gradients for ${node.inputs.length} inputs`);
    }
    node.inputs.forEach((input, i) => {
      const g = inGrads[i];
      if (g === null || !live.has(input) || !isFloat(input.dtype)) return;
      if (!sameShape(g.shape, input.shape) || g.dtype !== input.dtype) {
        throw new GradientError(`${node.op.type}: gradient for input ${i} has ${g.dtype}${fmt(g.shape)}, expected ${input.dtype}${fmt(input.shape)}`);
      }
      add(input, g);
    });
  }
  return wrt.map((w) => {
    const parts = contributions.get(w);
    return parts ? accumulate(parts) : zerosLike(w);
  });
}
