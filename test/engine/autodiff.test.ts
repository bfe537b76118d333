// Autodiff behaviour beyond single ops: accumulation, stop-gradient, integer inputs, shape checks, fused weight gradients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Graph, nodesFor } from '../../src/engine/graph.js';
import { grad, GradientError } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { defineOp } from '../../src/engine/op.js';
import { nd } from '../../src/engine/ndarray.js';
import { add, mul, matmul, reduceSum, reshape, stopGradient, gather, tanh, split, cast } from '../../src/engine/ops/index.js';
import { graphToText } from '../../src/engine/print.js';
import { Rng } from '../../src/engine/random.js';
import { assertAllClose } from '../helpers/allclose.js';

const TIGHT = { rtol: 1e-12, atol: 1e-12 };

describe('autodiff', () => {
  it('accumulates gradients of a tensor used several times', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [3]);
    const y = reduceSum(add(mul(x, x), mul(x, 3))); // d/dx = 2x + 3
    const [dx] = grad(y, [x]);
    const [v] = evaluate([dx], { x: nd('float32', [3], [1, -2, 0.5]) });
    assertAllClose(v.data, [5, -1, 4], TIGHT, 'dx');
  });

  it('stops gradients at stopGradient', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2]);
    const y = reduceSum(mul(stopGradient(x), x)); // d/dx = stop(x) = x, not 2x
    const [dx] = grad(y, [x]);
    const [v] = evaluate([dx], { x: nd('float32', [2], [3, -1]) });
    assertAllClose(v.data, [3, -1], TIGHT, 'dx');
  });

  it('gives zeros for inputs the output does not depend on', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 2]);
    const unused = g.input('u', 'float32', [4]);
    const [, du] = grad(reduceSum(tanh(x)), [x, unused]);
    const [v] = evaluate([du], { x: nd('float32', [2, 2], [1, 2, 3, 4]), u: nd('float32', [4]) });
    assert.deepEqual([...v.shape], [4]);
    assert.deepEqual([...v.data], [0, 0, 0, 0]);
  });

  it('sends no gradient into integer inputs and refuses to differentiate with respect to them', () => {
    const g = new Graph();
    const table = g.input('table', 'float32', [5, 2]);
    const ids = g.input('ids', 'int32', [3]);
    const y = reduceSum(gather(table, ids, 0));
    const [dt] = grad(y, [table]);
    const [v] = evaluate([dt], { table: nd('float32', [5, 2]), ids: nd('int32', [3], [1, 1, 4]) });
    assert.deepEqual([...v.data], [0, 0, 2, 2, 0, 0, 0, 0, 1, 1]); // repeated id 1 accumulates
    assert.throws(() => grad(y, [ids]), GradientError);
    // a float computed from ints has no path back to them
    const z = reduceSum(mul(cast(ids, 'float32'), 2));
    assert.doesNotThrow(() => grad(z, [table]));
  });

  it('names the op and input when a VJP returns a wrongly shaped gradient', () => {
    const Broken = defineOp<Record<string, never>>({
      type: 'TestBrokenVjp',
      infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
      vjp: ({ grads: [gr] }) => [reduceSum(gr)],
      reference: ([x]) => [x],
      lower: (ctx, ins, [out]) => ctx.emit('Identity', ins, out),
    });
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 3]);
    const y = reduceSum(g.apply(Broken, [x])[0]);
    assert.throws(() => grad(y, [x]), /TestBrokenVjp: gradient for input 0 has float32\[\], expected float32\[2, 3\]/);
  });

  it('reports trace-time shape errors with the op and both shapes', () => {
    const g = new Graph();
    const a = g.input('a', 'float32', [2, 3]);
    const b = g.input('b', 'float32', [4, 5]);
    assert.throws(() => matmul(a, b), /MatMul: inner dimensions differ: \[2, 3\] @ \[4, 5\]/);
    assert.throws(() => add(a, b), /Add: shapes \[2, 3\] and \[4, 5\] cannot be broadcast together/);
  });

  it('fuses per-step weight gradients into one product with the same value', () => {
    // h_t = tanh(h_{t-1} W + x_t): dW receives one transpose(h_{t-1}) @ g_t contribution per step.
    const rng = new Rng(7);
    const g = new Graph();
    const W = g.input('W', 'float32', [4, 4]);
    const xs = g.input('xs', 'float32', [5, 3, 4]);
    const steps = split(reshape(xs, [15, 4]), 0, 5); // 5 x (3, 4)
    let h = tanh(steps[0]);
    for (let t = 1; t < 5; t++) h = tanh(add(matmul(h, W), steps[t])); // (3, 4) @ (4, 4)
    const loss = reduceSum(mul(h, h));
    const [dW] = grad(loss, [W]);
    // forward 4 products, backward 3 for dh and ONE fused product for dW (instead of 4 plus a Sum)
    const matmuls = nodesFor([dW]).filter((n) => n.op.type === 'MatMul').length;
    assert.equal(matmuls, 8);
    const feeds = {
      W: nd('float32', [4, 4], Array.from({ length: 16 }, () => rng.normal() * 0.5)),
      xs: nd('float32', [5, 3, 4], Array.from({ length: 60 }, () => rng.normal())),
    };
    const d = Array.from({ length: 16 }, () => rng.normal());
    const [gv] = evaluate([dW], feeds);
    const analytic = d.reduce((s, v, i) => s + v * gv.data[i], 0);
    const eps = 1e-5;
    const shifted = (sgn: number) => evaluate([loss], { ...feeds, W: nd('float32', [4, 4], feeds.W.data.map((v, i) => v + sgn * eps * d[i])) })[0].data[0];
    assertAllClose([analytic], [(shifted(1) - shifted(-1)) / (2 * eps)], { rtol: 1e-6, atol: 1e-8 }, 'directional derivative');
  });

  it('prints a readable graph', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 3]);
    const text = graphToText({ y: reduceSum(tanh(x), [1]) });
    assert.equal(text, [
      'graph(%x: float32[2, 3] data) {',
      '  %1: float32[2, 3] = Tanh(%x)',
      '  %2: float32[2] = ReduceSum(%1) {axes=[1], keepdims=false}',
      '  return y=%2',
      '}',
    ].join('\n'));
  });
});
