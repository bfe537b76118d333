// MatMul: batched matrix product (..., M, K) @ (..., K, N) -> (..., M, N) with broadcast batch axes.
import { defineOp } from '../op.js';
import type { Tensor } from '../graph.js';
import { broadcastShapes, fmt, numel, ShapeError } from '../shape.js';
import { broadcastIndexer } from '../ndarray.js';
import { transpose } from './transpose.js';
import { sumToShape } from './sum-to-shape.js';

type NoAttrs = Record<string, never>;

export const MatMul = defineOp<NoAttrs>({
  type: 'MatMul',
  infer: ([a, b]) => {
    if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new ShapeError(`MatMul: operands must be float32, got ${a.dtype} and ${b.dtype}`);
    if (a.shape.length < 2 || b.shape.length < 2) throw new ShapeError(`MatMul: operands must have rank >= 2, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
    const [m, k] = a.shape.slice(-2);
    const [k2, n] = b.shape.slice(-2);
    if (k !== k2) throw new ShapeError(`MatMul: inner dimensions differ: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
    const batch = broadcastShapes('MatMul', [a.shape.slice(0, -2), b.shape.slice(0, -2)]);
    return [{ dtype: 'float32', shape: [...batch, m, n] }];
  },
  vjp: ({ inputs: [a, b], grads: [g] }) => [
    sumToShape(matmul(g, transpose(b)), a.shape), // (.., M, N) @ (.., N, K) -> (.., M, K)
    sumToShape(matmul(transpose(a), g), b.shape), // (.., K, M) @ (.., M, N) -> (.., K, N)
  ],
  reference: ([a, b]) => {
    const [m, k] = a.shape.slice(-2);
    const n = b.shape[b.shape.length - 1];
    const batch = broadcastShapes('MatMul', [a.shape.slice(0, -2), b.shape.slice(0, -2)]);
    const nb = numel(batch);
    const ia = broadcastIndexer(a.shape.slice(0, -2), batch);
    const ib = broadcastIndexer(b.shape.slice(0, -2), batch);
    const out = new Float64Array(nb * m * n);
    for (let t = 0; t < nb; t++) {
      const oa = ia(t) * m * k;
      const ob = ib(t) * k * n;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a.data[oa + i * k + p] * b.data[ob + p * n + j];
          out[t * m * n + i * n + j] = s;
        }
      }
    }
    return [{ dtype: 'float32', shape: [...batch, m, n], data: out }];
  },
  lower: (ctx, ins, [out]) => ctx.emit('MatMul', ins, out),
});

export function matmul(a: Tensor, b: Tensor): Tensor {
  return a.graph.apply(MatMul, [a, b])[0];
}
