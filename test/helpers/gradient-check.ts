// A module's scalar loss and gradients checked twice: ORT float32 against the float64 reference, and the reference against central finite differences.
import { it } from 'node:test';
import type { Tensor } from '../../src/engine/graph.js';
import { compile, type HostTensor } from '../../src/engine/compile.js';
import { grad } from '../../src/engine/autodiff.js';
import { evaluate } from '../../src/engine/interpret.js';
import { nd, type NDArray } from '../../src/engine/ndarray.js';
import { constant, mul, reduceSum } from '../../src/engine/ops/index.js';
import { Rng } from '../../src/engine/random.js';
import type { Parameters } from '../../src/nn/parameters.js';
import { assertAllClose } from './allclose.js';
import { hostToNumbers } from './host.js';

type Params = Readonly<Record<string, Tensor>>;

const ORT_TOL = { rtol: 1e-4, atol: 1e-5 };
/** Central differences with step 1e-5 in float64, as the op table checks them. */
const FD_STEP = 1e-5;
const FD_TOL = { rtol: 1e-6, atol: 1e-8 };

export interface GradientCase {
  name: string;
  params: Parameters;
  dataShapes: Record<string, { dtype: 'float32' | 'int32'; shape: number[] }>;
  data: Record<string, Float32Array | Int32Array>;
  /** The module's output for the given data (any shape; the loss is its sum against fixed weights). */
  forward: (p: Params, data: Params) => Tensor;
  /** Float data inputs differentiated too (e.g. soft one-hot rows), beside every parameter. */
  wrtData?: readonly string[];
}

/** sum(y * W) with fixed weights W, and its gradients wrt every parameter and the wrtData inputs (named `grad.NAME`). */
function withGradients(c: GradientCase) {
  const names = c.params.names();
  const dataNames = c.wrtData ?? [];
  let weights: number[] | undefined;
  return compile({
    params: c.params,
    build: ({ data, params }) => {
      const y = c.forward(params, data);
      weights ??= Array.from({ length: y.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(1.7 * i + 0.3));
      const loss = reduceSum(mul(y, constant(y.graph, weights, 'float32', y.shape)));
      const targets = [...names.map((n) => params[n]), ...dataNames.map((n) => data[n])];
      const grads = grad(loss, targets);
      return { loss, y, ...Object.fromEntries([...names, ...dataNames].map((n, i) => [`grad.${n}`, grads[i]])) };
    },
  });
}

function referenceFeeds(c: GradientCase): Record<string, NDArray> {
  const feeds: Record<string, NDArray> = {};
  for (const [k, s] of Object.entries(c.dataShapes)) feeds[k] = nd(s.dtype, s.shape, c.data[k]);
  for (const n of c.params.names()) feeds[n] = nd('float32', c.params.shape(n), c.params.get(n));
  return feeds;
}

/** Registers the two checks of one case as tests. */
export function describeGradients(c: GradientCase): void {
  it(`${c.name}: ORT output and gradients match the float64 reference`, async () => {
    const fn = withGradients(c);
    const feeds: Record<string, HostTensor> = {};
    for (const [k, s] of Object.entries(c.dataShapes)) feeds[k] = { data: c.data[k], shape: s.shape };
    const got = await fn.run(feeds);
    const { outputs } = fn.trace(c.dataShapes);
    const keys = Object.keys(outputs);
    const want = evaluate(keys.map((k) => outputs[k]), referenceFeeds(c));
    keys.forEach((k, i) => assertAllClose(hostToNumbers(got[k].data as Float32Array), want[i].data, ORT_TOL, `${c.name}: ${k}`));
  });

  it(`${c.name}: reference gradients match central finite differences along a random direction`, () => {
    const fn = withGradients(c);
    const { outputs } = fn.trace(c.dataShapes);
    const names = [...c.params.names(), ...(c.wrtData ?? [])];
    const feeds = referenceFeeds(c);
    const values = evaluate(names.map((n) => outputs[`grad.${n}`]), feeds);
    const rng = new Rng(7);
    const direction = new Map(names.map((n) => [n, Float64Array.from({ length: feeds[n].data.length }, () => rng.normal())]));
    let analytic = 0;
    names.forEach((n, k) => direction.get(n)!.forEach((d, i) => { analytic += d * values[k].data[i]; }));
    const shifted = (scale: number) => {
      const out = { ...feeds };
      for (const n of names) out[n] = { ...feeds[n], data: feeds[n].data.map((v, i) => v + scale * direction.get(n)![i]) };
      return out;
    };
    const [plus] = evaluate([outputs.loss], shifted(FD_STEP));
    const [minus] = evaluate([outputs.loss], shifted(-FD_STEP));
    assertAllClose([analytic], [(plus.data[0] - minus.data[0]) / (2 * FD_STEP)], FD_TOL, `${c.name}: directional derivative`);
  });
}
