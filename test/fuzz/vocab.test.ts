// Fuzzes vocab.json reading (Vocabulary.fromJSON and Vocabulary.load) with mutated vocabularies, random bytes and deep nesting.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from '../../src/data/vocab.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, deepJson, fuzzSeed, jsonText, mutateBytes, mutateJson, outcome } from './fuzz-kit.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const VALID = Vocabulary.build([['the', 'cat', 'sat'], ['a', 'dog', 'sat', 'é', '日本']]).toJSON();

test('Vocabulary.fromJSON: mutated vocabularies give a vocabulary or a one-line DataError', async () => {
  const rng = new Rng(fuzzSeed(20_201));
  const counts = { ok: 0, rejected: 0 };
  const cases = caseCount(3000);
  for (let i = 0; i < cases; i++) {
    const json = mutateJson(rng, VALID);
    await outcome(() => Vocabulary.fromJSON(json, `vocabulary 'case-${i}'`), `case ${i}`, counts);
  }
  assert.ok(counts.rejected > cases / 3, `most mutations must be caught, got ${counts.rejected} of ${cases}`);
});

test('Vocabulary.load: mutated text, random bytes and 100,000-deep nesting give a vocabulary or a one-line DataError', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-vocab-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_202));
  const counts = { ok: 0, rejected: 0 };
  const valid = new TextEncoder().encode(JSON.stringify(VALID));
  for (let i = 0; i < caseCount(400); i++) {
    const path = join(dir, `vocab-${i % 8}.json`);
    const pick = i % 4;
    const bytes = pick === 0 ? jsonText(rng, mutateJson(rng, VALID)) : pick === 1 ? `{"format":"textforge-vocabulary","version":1,"tokens":${deepJson(100_000)}}` : mutateBytes(rng, valid);
    await writeFile(path, bytes);
    await outcome(() => Vocabulary.load(path), `case ${i}`, counts);
  }
});
