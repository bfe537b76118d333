// The checks every op-table row gets: hand-computed values, float64 finite differences, and ORT float32 against the reference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registeredOps } from '../../src/engine/op.js';
import { Graph, nodesFor, type Tensor } from '../../src/engine/graph.js';
import { evaluate } from '../../src/engine/interpret.js';
import { grad } from '../../src/engine/autodiff.js';
import { toOnnx } from '../../src/engine/to-onnx.js';
import { createSession, runSession } from '../../src/engine/runtime.js';
import { constant } from '../../src/engine/ops/constant.js';
import { mul } from '../../src/engine/ops/mul.js';
import { reduceSum } from '../../src/engine/ops/reduce-sum.js';
import { sum } from '../../src/engine/ops/sum.js';
import { nd, type NDArray } from '../../src/engine/ndarray.js';
import { numel } from '../../src/engine/shape.js';
import { Rng } from '../../src/engine/random.js';
import type { CaseInput, OpCase } from '../engine/op-cases/case.js';
import { assertAllClose, shaped } from './allclose.js';
import { hostToNumbers, toOrt } from './host.js';

const REFERENCE_TOL = { rtol: 1e-12, atol: 1e-12 };
/** Central differences with step 1e-5 in float64: truncation ~1e-10, round-off ~1e-11. */
const FD_STEP = 1e-5;
const FD_TOL = { rtol: 1e-6, atol: 1e-8 };
const ORT_TOL = { rtol: 1e-4, atol: 1e-5 };

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function generate(inp: CaseInput, rng: Rng): NDArray {
  if (inp.values) return nd(inp.dtype, inp.shape, inp.values);
  const n = numel(inp.shape);
  const gen = inp.gen ?? (inp.dtype === 'bool' ? 'bool' : inp.dtype === 'float32' ? 'normal' : 'int:0:4');
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (gen === 'normal') values[i] = rng.normal();
    else if (gen === 'positive') values[i] = 0.5 + 1.5 * rng.uniform();
    else if (gen === 'bool') values[i] = rng.bernoulli(0.5);
    else if (gen.startsWith('int:')) {
      const [, lo, hi] = gen.split(':').map(Number);
      values[i] = rng.int(lo, hi);
    } else throw new RangeError(`op table: unknown gen '${gen}'`);
  }
  return nd(inp.dtype, inp.shape, values);
}

interface Built {
  graph: Graph;
  inputs: Tensor[];
  outputs: Tensor[];
  feeds: Record<string, NDArray>;
}

function buildCase(c: OpCase): Built {
  const rng = new Rng(seedOf(`${c.op}/${c.name}`));
  const graph = new Graph();
  const feeds: Record<string, NDArray> = {};
  const inputs = c.inputs.map((inp, i) => {
    feeds[`in${i}`] = generate(inp, rng);
    return graph.input(`in${i}`, inp.dtype, inp.shape);
  });
  const out = c.build(...inputs);
  return { graph, inputs, outputs: Array.isArray(out) ? out : [out], feeds };
}

/** A scalar that depends on every float output through fixed random weights. */
function weightedLoss(outputs: readonly Tensor[], rng: Rng): Tensor {
  const terms = outputs.filter((o) => o.dtype === 'float32').map((o) => {
    const w = Array.from({ length: numel(o.shape) }, () => rng.normal());
    return reduceSum(mul(o, constant(o.graph, w, 'float32', o.shape)));
  });
  return sum(terms);
}

function perturbed(feeds: Record<string, NDArray>, dirs: Map<string, Float64Array>, scale: number): Record<string, NDArray> {
  const out: Record<string, NDArray> = { ...feeds };
  for (const [name, d] of dirs) {
    const base = feeds[name];
    out[name] = { ...base, data: base.data.map((v, i) => v + scale * d[i]) };
  }
  return out;
}

/** Register the three checks (plus the op-use check) for one row as a describe block. */
export function describeCase(c: OpCase): void {
  describe(`${c.op}: ${c.name}`, () => {
    it('uses the op it covers', { skip: c.composite === true }, () => {
      const { outputs } = buildCase(c);
      assert.ok(nodesFor(outputs).some((n) => n.op.type === c.op), `the row's build does not apply ${c.op}`);
    });

    it('reference matches hand-computed values', { skip: c.expected === undefined }, () => {
      const { outputs, feeds } = buildCase(c);
      const got = evaluate(outputs, feeds);
      // A row lists its expected values flat, in the output's shape and dtype; the count must still match.
      c.expected!.forEach((e, k) => assertAllClose(got[k], shaped(e, got[k].shape, got[k].dtype), REFERENCE_TOL, `output ${k}`));
    });

    const differentiable = c.grad !== false && (c.composite === true || registeredOps().get(c.op)?.vjp !== 'none') && c.inputs.some((i) => i.dtype === 'float32');

    it('gradient matches central finite differences (float64)', { skip: !differentiable }, () => {
      const { inputs, outputs, feeds } = buildCase(c);
      const rng = new Rng(seedOf(`fd/${c.op}/${c.name}`));
      const loss = weightedLoss(outputs, rng);
      const floatInputs = inputs.filter((t) => t.dtype === 'float32');
      const grads = grad(loss, floatInputs);
      const gValues = evaluate(grads, feeds);
      const dirs = new Map<string, Float64Array>();
      let analytic = 0;
      floatInputs.forEach((t, k) => {
        const name = t.graph.inputOf(t)!.name;
        const d = Float64Array.from({ length: numel(t.shape) }, () => rng.normal());
        dirs.set(name, d);
        d.forEach((v, i) => { analytic += v * gValues[k].data[i]; });
      });
      const [plus] = evaluate([loss], perturbed(feeds, dirs, FD_STEP));
      const [minus] = evaluate([loss], perturbed(feeds, dirs, -FD_STEP));
      const numeric = (plus.data[0] - minus.data[0]) / (2 * FD_STEP);
      assertAllClose([analytic], [numeric], FD_TOL, 'directional derivative');
    });

    it('ORT float32 matches the float64 reference, forward and backward', async () => {
      const { graph, inputs, outputs, feeds } = buildCase(c);
      const named: Record<string, Tensor> = {};
      outputs.forEach((o, k) => { named[`out${k}`] = o; });
      if (differentiable) {
        const rng = new Rng(seedOf(`ort/${c.op}/${c.name}`));
        const floatInputs = inputs.filter((t) => t.dtype === 'float32');
        grad(weightedLoss(outputs, rng), floatInputs).forEach((g, k) => { named[`grad${k}`] = g; });
      }
      const expected = evaluate(Object.values(named), feeds);
      const model = toOnnx(graph, named);
      const session = await createSession(model.bytes, { threads: 1 });
      const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, toOrt(v)]));
      const fetches = Object.fromEntries(Object.keys(named).map((k) => [k, null]));
      const got = await runSession(session, ortFeeds, fetches);
      Object.keys(named).forEach((k, i) => {
        assert.deepEqual([...got[k].dims], [...expected[i].shape], `${k}: ORT shape`);
        assertAllClose(shaped(hostToNumbers(got[k].data as ArrayLike<number | bigint>), got[k].dims, got[k].type), expected[i], c.ortTol ?? ORT_TOL, `${k} (ORT vs reference)`);
      });
    });
  });
}
