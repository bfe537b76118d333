// Behaviour unchanged by refactors: the golden runs give the losses, scores and samples recorded in test/fixtures/golden/runs.json.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { goldenFlags, runGolden, writeGoldenData, type GoldenRecord, type GoldenRun } from './golden-runs.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/golden/runs.json');

/**
 * Relative tolerance per run: 0 where the op order is unchanged since the recording (the numbers must be bit-identical).
 * A run listed here with a tolerance says a refactor reordered its float32 arithmetic.
 */
const TOLERANCE: Record<string, number> = {};

/**
 * Records the family refactor deliberately changed, both SeqGAN's:
 * - it validated its (untouched) generator during discriminator pre-training, repeating the score before it; the
 *   phased loop validates only the phases that change the generator;
 * - the MLE phase's test NLL (nll_per_token ...) was the nested language-model run's, scored with that run's best
 *   checkpoint while SeqGAN went on from its last; it is now the NLL of the generator SeqGAN goes on from, like the
 *   phase's NLL-oracle beside it. (The NLL-oracle record, which carries no nll_per_token, is still compared.)
 */
const DROPPED = (r: GoldenRecord) => (r.phase === 'd-pretrain' && r.split === 'valid') || (r.phase === 'mle' && r.split === 'test' && 'nll_per_token' in r.values);

function compareRecords(name: string, actual: GoldenRecord[], expected: GoldenRecord[], rtol: number): void {
  const kept = expected.filter((r) => !DROPPED(r));
  const got = actual.filter((r) => !DROPPED(r));
  assert.equal(got.length, kept.length, `${name}: ${got.length} records, recorded ${kept.length}`);
  kept.forEach((e, i) => {
    const a = got[i];
    assert.equal(`${a.phase}/${a.split}`, `${e.phase}/${e.split}`, `${name}: record ${i} is ${a.phase}/${a.split}, recorded ${e.phase}/${e.split}`);
    for (const [key, value] of Object.entries(e.values)) {
      const v = a.values[key];
      assert.ok(v !== undefined, `${name}: record ${i} (${e.phase}/${e.split}) lacks ${key}`);
      assert.ok(Math.abs(v - value) <= rtol * Math.abs(value), `${name}: record ${i} (${e.phase}/${e.split}) ${key} = ${v}, recorded ${value}`);
    }
  });
}

describe('golden runs (recorded before the family refactor)', () => {
  let dir: string;
  let fixture: { runs: Record<string, GoldenRun> };
  before(async () => {
    dir = await tempDir('tf-golden-');
    await writeGoldenData(dir);
    fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as { runs: Record<string, GoldenRun> };
  });

  for (const name of Object.keys(goldenFlags('.'))) {
    it(`${name} gives the recorded losses, scores and samples`, async () => {
      const expected = fixture.runs[name];
      const actual = await runGolden(dir, name);
      const rtol = TOLERANCE[name] ?? 0;
      compareRecords(name, actual.records, expected.records, rtol);
      if (rtol === 0) assert.equal(actual.samples, expected.samples, `${name}: final samples differ`);
    });
  }
});
