// Adam, AdamW and SGD over several compiled training steps against float64 references written here from the documented formulas.
import { describe, it } from 'node:test';
import { BufferSet } from '../../src/engine/buffers.js';
import { compileTrainStep, type Optimizer } from '../../src/engine/train-step.js';
import type { Tensor } from '../../src/engine/graph.js';
import { sub, mul, matmul, reduceMean } from '../../src/engine/ops/index.js';
import { sgd, adam, adamw } from '../../src/optim/index.js';
import { Rng } from '../../src/engine/random.js';
import { assertAllClose, shaped, widen } from '../helpers/allclose.js';

const STEPS = 5;
const N = 8; // rows per batch
const D = 3; // weights
/** float32 on ORT against float64 here, compounded over five steps. */
const TOL = { rtol: 1e-5, atol: 1e-6 };

const squaredError = ({ data, params }: { data: Record<string, Tensor>; params: Record<string, Tensor> }) => {
  const r = sub(matmul(data.x, params.w), data.y); // (N, D) @ (D, 1) - (N, 1) -> (N, 1)
  return { loss: reduceMean(mul(r, r)) };
};

interface Batch { x: Float32Array; y: Float32Array }

/** A fresh batch per step, so the gradient changes between steps (a wrong beta2 or bias correction then shows). */
function batches(rng: Rng): Batch[] {
  return Array.from({ length: STEPS }, () => {
    const x = new Float32Array(N * D);
    const y = new Float32Array(N);
    rng.fillNormal(x);
    rng.fillNormal(y);
    return { x, y };
  });
}

/** d/dw mean_i (x_i . w - y_i)^2 = (2 / N) x^T r, in float64. */
function gradient(w: Float64Array, { x, y }: Batch): Float64Array {
  const g = new Float64Array(D);
  for (let i = 0; i < N; i++) {
    let r = -y[i];
    for (let j = 0; j < D; j++) r += x[i * D + j] * w[j];
    for (let j = 0; j < D; j++) g[j] += (2 / N) * x[i * D + j] * r;
  }
  return g;
}

/** One optimizer's float64 reference: its state per slot, and the update of w in place at 1-based step t. */
interface Reference {
  state: Record<string, Float64Array>;
  update(w: Float64Array, g: Float64Array, lr: number, t: number): void;
}

/** PyTorch's Adam(W), as src/optim/adam.ts documents: m, v moments; p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps); decay p *= 1 - lr * wd. */
function adamReference(beta1: number, beta2: number, eps: number, weightDecay: number): Reference {
  const m = new Float64Array(D);
  const v = new Float64Array(D);
  return {
    state: { m, v },
    update(w, g, lr, t) {
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      for (let j = 0; j < D; j++) {
        m[j] = beta1 * m[j] + (1 - beta1) * g[j];
        v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
        w[j] = w[j] * (1 - lr * weightDecay) - (lr / bc1) * m[j] / (Math.sqrt(v[j]) / Math.sqrt(bc2) + eps);
      }
    },
  };
}

/** PyTorch's SGD: buf = mu * buf + g (buf starts at zero); p -= lr * (nesterov ? g + mu * buf : buf). */
function sgdReference(momentum: number, nesterov: boolean): Reference {
  const buf = new Float64Array(D);
  return {
    state: momentum > 0 ? { momentum: buf } : {},
    update(w, g, lr) {
      for (let j = 0; j < D; j++) {
        buf[j] = momentum * buf[j] + g[j];
        w[j] -= lr * (momentum > 0 ? (nesterov ? g[j] + momentum * buf[j] : buf[j]) : g[j]);
      }
    },
  };
}

/** Run STEPS compiled steps (with a learning rate that changes per step) and compare w and every state slot after each one. */
async function checkSteps(optimizer: Optimizer, reference: Reference, seed: number): Promise<void> {
  const rng = new Rng(seed);
  const w0 = new Float32Array(D);
  rng.fillNormal(w0);
  const params = new BufferSet();
  params.add('w', [D, 1], Float32Array.from(w0));
  const step = compileTrainStep({ params, loss: squaredError, optimizer });
  const w = Float64Array.from(w0);
  for (const [k, batch] of batches(rng).entries()) {
    const t = k + 1;
    const lr = 0.05 / t;
    reference.update(w, gradient(w, batch), lr, t);
    await step.run({ x: { data: batch.x, shape: [N, D] }, y: { data: batch.y, shape: [N, 1] } }, { lr });
    assertAllClose(shaped(widen(params.get('w')), params.shape('w')), shaped(w, [D, 1]), TOL, `${optimizer.name} w after step ${t}`);
    for (const [slot, values] of Object.entries(reference.state)) {
      assertAllClose(shaped(widen(step.state.get(`opt.${slot}.w`)), step.state.shape(`opt.${slot}.w`)), shaped(values, [D, 1]), TOL, `${optimizer.name} state ${slot} after step ${t}`);
    }
  }
}

describe('optimizers over several steps against a float64 reference', () => {
  it('Adam with the default betas', async () => {
    await checkSteps(adam(), adamReference(0.9, 0.999, 1e-8, 0), 11);
  });

  it('Adam with beta1 0.7, beta2 0.8 and eps 1e-3 (each setting reaches the update)', async () => {
    await checkSteps(adam({ beta1: 0.7, beta2: 0.8, eps: 1e-3 }), adamReference(0.7, 0.8, 1e-3, 0), 12);
  });

  it('AdamW with decoupled weight decay 0.1', async () => {
    await checkSteps(adamw({ weightDecay: 0.1, beta2: 0.9 }), adamReference(0.9, 0.9, 1e-8, 0.1), 13);
  });

  it('SGD plain, with momentum, and with Nesterov momentum', async () => {
    await checkSteps(sgd(), sgdReference(0, false), 14);
    await checkSteps(sgd({ momentum: 0.9 }), sgdReference(0.9, false), 15);
    await checkSteps(sgd({ momentum: 0.8, nesterov: true }), sgdReference(0.8, true), 16);
  });
});
