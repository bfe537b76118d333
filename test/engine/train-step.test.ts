// Compiled training steps on ORT: updates equal the reference, NaN leaves parameters intact, feeds are checked, sessions cached.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BufferSet } from '../../src/engine/buffers.js';
import { compileTrainStep } from '../../src/engine/train-step.js';
import { NonFiniteError, compile } from '../../src/engine/compile.js';
import { FeedError, evaluate } from '../../src/engine/interpret.js';
import { grad } from '../../src/engine/autodiff.js';
import { nd } from '../../src/engine/ndarray.js';
import { sub, mul, matmul, reduceMean, log, add } from '../../src/engine/ops/index.js';
import { sgd, adam, adamw } from '../../src/optim/index.js';
import { Rng } from '../../src/engine/random.js';
import { assertAllClose, widen } from '../helpers/allclose.js';

const ORT_TOL = { rtol: 1e-5, atol: 1e-6 };

function regression(seed: number): { params: BufferSet; x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const params = new BufferSet();
  const w = new Float32Array(3);
  rng.fillNormal(w);
  params.add('w', [3, 1], w);
  const x = new Float32Array(24);
  const y = new Float32Array(8);
  rng.fillNormal(x);
  rng.fillNormal(y);
  return { params, x, y };
}

const squaredError = ({ data, params }: { data: Record<string, import('../../src/engine/graph.js').Tensor>; params: Record<string, import('../../src/engine/graph.js').Tensor> }) => {
  const r = sub(matmul(data.x, params.w), data.y); // (8, 3) @ (3, 1) - (8, 1)
  return { loss: reduceMean(mul(r, r)) };
};

/** The gradient of the squared error, from the float64 reference interpreter. */
function referenceGrad(params: BufferSet, x: Float32Array, y: Float32Array): Float64Array {
  const step = compile({ params, build: squaredError });
  const { outputs } = step.trace({ x: { dtype: 'float32', shape: [8, 3] }, y: { dtype: 'float32', shape: [8, 1] } });
  const w = outputs.loss.graph.inputs.get('w')!.tensor;
  const [g] = evaluate(grad(outputs.loss, [w]), { x: nd('float32', [8, 3], x), y: nd('float32', [8, 1], y), w: nd('float32', [3, 1], params.get('w')) });
  return g.data;
}

const feeds = (x: Float32Array, y: Float32Array) => ({ x: { data: x, shape: [8, 3] }, y: { data: y, shape: [8, 1] } });

describe('training step', () => {
  it('SGD updates parameters by -lr * gradient', async () => {
    const { params, x, y } = regression(1);
    const before = Float64Array.from(params.get('w'));
    const g = referenceGrad(params, x, y);
    const step = compileTrainStep({ params, loss: squaredError, optimizer: sgd() });
    await step.run(feeds(x, y), { lr: 0.1 });
    assertAllClose(widen(params.get('w')), before.map((v, i) => v - 0.1 * g[i]), ORT_TOL, 'w after one step');
  });

  it('SGD with momentum matches the closed form over two steps on a fixed gradient direction', async () => {
    const { params, x, y } = regression(2);
    const step = compileTrainStep({ params, loss: squaredError, optimizer: sgd({ momentum: 0.9 }) });
    const w0 = Float64Array.from(params.get('w'));
    const g0 = referenceGrad(params, x, y);
    await step.run(feeds(x, y), { lr: 0.01 });
    const w1 = w0.map((v, i) => v - 0.01 * g0[i]);
    assertAllClose(widen(params.get('w')), w1, ORT_TOL, 'w after step 1');
    const g1 = referenceGrad(params, x, y);
    await step.run(feeds(x, y), { lr: 0.01 });
    assertAllClose(widen(params.get('w')), w1.map((v, i) => v - 0.01 * (0.9 * g0[i] + g1[i])), ORT_TOL, 'w after step 2');
  });

  it('Adam and AdamW take their first step of size lr * sign(g)', async () => {
    for (const [opt, decay] of [[adam(), 0], [adamw({ weightDecay: 0.1 }), 0.1]] as const) {
      const { params, x, y } = regression(3);
      const w0 = Float64Array.from(params.get('w'));
      const g = referenceGrad(params, x, y);
      const step = compileTrainStep({ params, loss: squaredError, optimizer: opt });
      await step.run(feeds(x, y), { lr: 0.05 });
      // m/bc1 = g and sqrt(v/bc2) = |g| at step 1, so the update is lr * g / (|g| + eps)
      assertAllClose(widen(params.get('w')), w0.map((v, i) => v * (1 - 0.05 * decay) - 0.05 * Math.sign(g[i])), ORT_TOL, `${opt.name} w`);
      assertAllClose(widen(step.state.get('opt.m.w')), g.map((v) => 0.1 * v), ORT_TOL, 'first moment');
    }
  });

  it('Adam at lr 0 leaves parameters unchanged, also where the gradient is exactly zero', async () => {
    const params = new BufferSet();
    params.add('w', [3, 1], Float32Array.of(1, 2, 3));
    params.add('unused', [2], Float32Array.of(4, 5));
    const { x, y } = regression(8);
    const step = compileTrainStep({ params, loss: squaredError, optimizer: adam() });
    await step.run(feeds(x, y), { lr: 0 });
    assert.deepEqual([...params.get('w')], [1, 2, 3]);
    assert.deepEqual([...params.get('unused')], [4, 5]);
  });

  it('clips by global norm and reports the norm before clipping', async () => {
    const { params, x, y } = regression(4);
    const w0 = Float64Array.from(params.get('w'));
    const g = referenceGrad(params, x, y);
    const norm = Math.hypot(...g);
    const step = compileTrainStep({ params, loss: squaredError, optimizer: sgd(), clipNorm: norm / 2 });
    const { metrics } = await step.run(feeds(x, y), { lr: 1 });
    assertAllClose([metrics.gradNorm], [norm], ORT_TOL, 'gradNorm');
    assertAllClose(widen(params.get('w')), w0.map((v, i) => v - g[i] / 2), ORT_TOL, 'clipped update');
  });

  it('stops on a NaN loss and leaves parameters and optimizer state untouched', async () => {
    const { params, x, y } = regression(5);
    const step = compileTrainStep({ params, loss: ({ data, params: p }) => ({ loss: reduceMean(log(add(matmul(data.x, p.w), data.y))) }), optimizer: adam() });
    const w0 = Float32Array.from(params.get('w'));
    y.fill(-100); // log of a negative number
    await assert.rejects(step.run(feeds(x, y), { lr: 0.1 }), (e: Error) => e instanceof NonFiniteError && /loss is NaN; parameters were left unchanged/.test(e.message));
    assert.deepEqual(params.get('w'), w0);
    assert.deepEqual(step.state.get('opt.m.w'), new Float32Array(3));
    assert.equal(step.stepCount, 0);
  });

  it('names the input in wrong-dtype, wrong-shape and missing feeds', async () => {
    const { params, x, y } = regression(6);
    const step = compileTrainStep({
      params, loss: squaredError, optimizer: sgd(),
      inputs: { x: { dtype: 'float32', shape: [null, 3] }, y: { dtype: 'float32', shape: [null, 1] } },
    });
    await assert.rejects(step.run({ x: { data: new Int32Array(24), shape: [8, 3] }, y: { data: y, shape: [8, 1] } }, { lr: 0.1 }), /input 'x' must be float32\[\?, 3\], got int32\[8, 3\]/);
    await assert.rejects(step.run({ x: { data: x, shape: [6, 4] }, y: { data: y, shape: [8, 1] } }, { lr: 0.1 }), /input 'x' must be float32\[\?, 3\], got float32\[6, 4\]/);
    await assert.rejects(step.run({ x: { data: x, shape: [8, 3] } }, { lr: 0.1 }), (e: Error) => e instanceof FeedError && /input 'y' is missing/.test(e.message));
    await assert.rejects(step.run(feeds(x, y), {}), /scalar input 'lr' is missing/);
  });

  it('caches one program per feed signature', async () => {
    const { params, x, y } = regression(7);
    const fn = compile({ params, build: squaredError });
    await fn.run(feeds(x, y));
    await fn.run(feeds(x, y));
    assert.equal(fn.programCount, 1);
    await fn.run({ x: { data: x.subarray(0, 12), shape: [4, 3] }, y: { data: y.subarray(0, 4), shape: [4, 1] } });
    assert.equal(fn.programCount, 2);
  });
});
