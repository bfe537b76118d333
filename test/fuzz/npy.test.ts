// Fuzzes the .npy reader (decodeNpyFloat32 in memory, loadNpyFloat32 from disk) with random, mutated and lying files.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNpyFloat32, encodeNpyFloat32, loadNpyFloat32 } from '../../src/engine/npy.js';
import { Rng } from '../../src/engine/random.js';
import { caseCount, concat, fuzzSeed, mutateBytes, outcome, rssMb } from './fuzz-kit.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function validFile(rng: Rng): Uint8Array {
  const shape = rng.uniform() < 0.5 ? [rng.int(0, 6)] : [rng.int(0, 4), rng.int(0, 4)];
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => rng.normal());
  return encodeNpyFloat32(data, shape);
}

/** The header text replaced by a variant: other dtypes, orders, shapes (huge, negative, nested), keys. */
function headerVariant(rng: Rng, valid: Uint8Array): Uint8Array {
  const variants = [
    "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
    "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999, 99999999999999), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "{'descr': '<f4', 'fortran_order': False, 'shape': ((2,),), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", "{'descr': '<f4', 'shape': (2,), }", `{${"'shape': (1,), ".repeat(rng.int(2, 500))}}`,
    "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", '[1, 2]', '', `{'descr': '<f4', 'fortran_order': False, 'shape': (${'9'.repeat(400)},), }`,
  ];
  const header = new TextEncoder().encode(`${variants[rng.int(0, variants.length)]}\n`);
  const prefix = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  return concat(prefix, header, valid.subarray(rng.int(0, valid.length)));
}

test('decodeNpyFloat32: random, flipped, truncated and rewritten headers give an array or a one-line NpyError', async () => {
  const rng = new Rng(fuzzSeed(20_101));
  const counts = { ok: 0, rejected: 0 };
  const cases = caseCount(3000);
  for (let i = 0; i < cases; i++) {
    const valid = validFile(rng);
    const bytes = rng.uniform() < 0.3 ? headerVariant(rng, valid) : mutateBytes(rng, valid);
    await outcome(() => {
      const { shape, data } = decodeNpyFloat32(bytes, 'fuzz.npy');
      assert.equal(data.length, shape.reduce((a, b) => a * b, 1));
    }, `case ${i}`, counts);
  }
  assert.ok(counts.rejected > cases / 2, `most corruptions must be caught, got ${counts.rejected} of ${cases}`);
});

test('loadNpyFloat32: mutated files on disk, and version-2 headers claiming 4 GB, allocate nothing in proportion', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-fuzz-npy-'));
  dirs.push(dir);
  const rng = new Rng(fuzzSeed(20_102));
  const counts = { ok: 0, rejected: 0 };
  const before = rssMb();
  for (let i = 0; i < caseCount(200); i++) {
    const path = join(dir, `case-${i % 8}.npy`);
    const claim = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x7b]);
    await writeFile(path, i % 4 === 0 ? claim : mutateBytes(rng, validFile(rng)));
    await outcome(() => loadNpyFloat32(path), `case ${i}`, counts);
  }
  assert.ok(rssMb() - before < 64, `resident memory grew by ${(rssMb() - before).toFixed(0)} MB`);
});
