// Random-stream graph inputs are filled from the seeded generator: reproducible, and exactly the generator's values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/engine/compile.js';
import { Rng } from '../../src/engine/random.js';
import { add, reduceMean } from '../../src/engine/ops/index.js';
import { dropout } from '../../src/nn/dropout.js';

describe('random-stream inputs', () => {
  it('are filled with the generator stream, so equal seeds give equal outputs', async () => {
    const run = async (seed: number) => {
      const fn = compile({ rng: new Rng(seed), build: ({ graph, data }) => ({ y: add(data.x, graph.random('noise', [5], { dist: 'normal' })) }) });
      const x = { x: { data: new Float32Array(5), shape: [5] } };
      return [Array.from((await fn.run(x)).y.data as Float32Array), Array.from((await fn.run(x)).y.data as Float32Array)];
    };
    const [first, second] = await run(11);
    const expected = new Rng(11);
    const a = new Float32Array(5);
    const b = new Float32Array(5);
    expected.fillNormal(a);
    expected.fillNormal(b);
    assert.deepEqual(first, Array.from(a));
    assert.deepEqual(second, Array.from(b)); // a fresh draw on every run
    assert.deepEqual(await run(11), [first, second]);
  });

  it('refuse to compile without a generator', async () => {
    const fn = compile({ build: ({ graph }) => ({ y: reduceMean(graph.random('u', [3], { dist: 'uniform' })) }) });
    await assert.rejects(fn.run({}), /graph declares random inputs \(u\) but no rng was given/);
  });

  it('drive dropout: about rate of the elements are zero and the rest scaled by 1 / (1 - rate)', async () => {
    const fn = compile({ rng: new Rng(3), build: ({ data }) => ({ y: dropout(data.x, 0.25, 'dropout.mask') }) });
    const out = (await fn.run({ x: { data: new Float32Array(4000).fill(1), shape: [4000] } })).y.data as Float32Array;
    const zeros = out.filter((v) => v === 0).length;
    assert.ok(Math.abs(zeros / 4000 - 0.25) < 0.03, `dropped ${zeros} of 4000`);
    assert.ok(out.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6));
  });
});
