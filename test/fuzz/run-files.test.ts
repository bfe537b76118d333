// Fuzzes opening a run (openRun, runInfo): config.json and vocab.json mutated field by field, torn, random or deeply nested.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRun, runInfo } from '../../src/runs/runs.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, deepJson, fuzzSeed, jsonText, mutateBytes, mutateJson, outcome, rssMb } from './fuzz-kit.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/legacy-runs');
let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'textforge-fuzz-run-'));
});
after(async () => rm(root, { recursive: true, force: true }));

async function fuzzFile(family: string, file: string, seed: number, cases: number): Promise<{ ok: number; rejected: number }> {
  const dir = join(root, `${family}-${file}`);
  await cp(join(FIXTURES, family), dir, { recursive: true });
  const original = await readFile(join(dir, file));
  const parsed = JSON.parse(original.toString('utf8')) as unknown;
  const rng = new Rng(fuzzSeed(seed));
  const counts = { ok: 0, rejected: 0 };
  for (let i = 0; i < cases; i++) {
    const pick = i % 10;
    const text = pick < 6 ? jsonText(rng, mutateJson(rng, parsed)) : pick < 9 ? mutateBytes(rng, original) : deepJson(100_000);
    await writeFile(join(dir, file), text);
    await outcome(async () => (i % 3 === 0 ? runInfo(dir) : openRun(dir)), `${family} ${file} case ${i}`, counts, 5000);
  }
  return counts;
}

for (const [family, seed] of [['lm', 20_501], ['seqvae', 20_502]] as const) {
  test(`${family} run: a mutated config.json opens or gives a one-line error, allocating nothing in proportion to edited sizes`, async () => {
    const start = rssMb();
    const counts = await fuzzFile(family, 'config.json', seed, caseCount(800));
    assert.ok(counts.rejected > 0 && counts.ok > 0, JSON.stringify(counts));
    assert.ok(rssMb() - start < 400, `resident memory grew by ${(rssMb() - start).toFixed(0)} MB`);
  });

  test(`${family} run: a mutated vocab.json opens or gives a one-line error`, async () => {
    const counts = await fuzzFile(family, 'vocab.json', seed + 10, caseCount(250));
    assert.ok(counts.rejected > 0, JSON.stringify(counts));
  });
}
