// Fuzzes the safetensors reader (decodeSafetensors in memory, loadCheckpoint from disk) with random, mutated and lying files.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, loadCheckpoint } from '../../src/engine/checkpoint.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, concat, fuzzSeed, jsonText, mutateBytes, mutateJson, outcome, rssMb } from './fuzz-kit.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function validFile(rng: Rng): Uint8Array {
  const w = new Float32Array(rng.int(0, 12)).map(() => rng.normal());
  const ids = new Int32Array(rng.int(0, 5)).map(() => rng.int(-9, 9));
  const big = new BigInt64Array(rng.int(0, 3)).map(() => BigInt(rng.int(0, 1000)));
  const mask = new Uint8Array(rng.int(0, 4)).map(() => rng.int(0, 2));
  return encodeSafetensors({
    'params/w': { dtype: 'float32', shape: [w.length], data: w },
    ids: { dtype: 'int32', shape: [1, ids.length], data: ids },
    big: { dtype: 'int64', shape: [big.length], data: big },
    mask: { dtype: 'bool', shape: [mask.length], data: mask },
  }, { textforge: JSON.stringify({ step: rng.int(0, 100) }) });
}

/** A file whose JSON header is mutated structurally (then re-encoded with a consistent length prefix). */
function headerMutated(rng: Rng, valid: Uint8Array): Uint8Array {
  const length = Number(new DataView(valid.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(valid.subarray(8, 8 + length))) as unknown;
  const text = new TextEncoder().encode(jsonText(rng, mutateJson(rng, header)));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(text.length), true);
  return concat(prefix, text, valid.subarray(8 + length));
}

test('decodeSafetensors: random, flipped, truncated and header-mutated files give a tensor set or a one-line CheckpointError', async () => {
  const rng = new Rng(fuzzSeed(20_001));
  const counts = { ok: 0, rejected: 0 };
  const cases = caseCount(3000);
  for (let i = 0; i < cases; i++) {
    const valid = validFile(rng);
    const bytes = rng.uniform() < 0.35 ? headerMutated(rng, valid) : mutateBytes(rng, valid);
    await outcome(() => decodeSafetensors(bytes, 'fuzz.safetensors'), `case ${i}`, counts);
  }
  assert.equal(counts.ok + counts.rejected, cases);
  assert.ok(counts.rejected > cases / 2, `most corruptions must be caught, got ${counts.rejected} of ${cases}`);
});

test('loadCheckpoint: mutated files on disk, read in bounded steps, give tensors or a one-line CheckpointError', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-st-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_002));
  const counts = { ok: 0, rejected: 0 };
  const cases = caseCount(400);
  for (let i = 0; i < cases; i++) {
    const path = join(dir, `case-${i % 8}.safetensors`);
    const valid = validFile(rng);
    await writeFile(path, rng.uniform() < 0.35 ? headerMutated(rng, valid) : mutateBytes(rng, valid));
    await outcome(() => loadCheckpoint(path), `case ${i}`, counts);
  }
  assert.equal(counts.ok + counts.rejected, cases);
});

test('headers claiming gigabytes or absurd tensor sizes allocate nothing in proportion to the claim', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-st-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_003));
  const counts = { ok: 0, rejected: 0 };
  const before = rssMb();
  for (let i = 0; i < caseCount(200); i++) {
    const claims = [2 ** 32, 2 ** 40, 2 ** 63, MAX_CLAIM(rng)];
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(claims[i % claims.length]), true);
    const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape: [2 ** 30, 4], data_offsets: [0, 2 ** 32] } }));
    const path = join(dir, 'claim.safetensors');
    await writeFile(path, concat(i % 2 === 0 ? prefix : lengthOf(header.length), header, new Uint8Array(16)));
    await outcome(() => loadCheckpoint(path), `claim ${i}`, counts);
  }
  assert.equal(counts.ok, 0, 'every lying header must be refused');
  assert.ok(rssMb() - before < 64, `resident memory grew by ${(rssMb() - before).toFixed(0)} MB`);
});

function lengthOf(n: number): Uint8Array {
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(n), true);
  return prefix;
}

/** A claim just over the format's 100 MB header limit, up to a few GB. */
function MAX_CLAIM(rng: Rng): number {
  return 100_000_001 + rng.int(0, 2 ** 31);
}
