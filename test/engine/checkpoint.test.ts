// Tests for safetensors checkpoints: exact round trips, a hand-built fixture, every corruption case, shape checks and atomic writes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/engine/atomic-write.js';
import {
  CheckpointError,
  decodeSafetensors,
  encodeSafetensors,
  loadCheckpoint,
  saveCheckpoint,
  type StoredTensor,
} from '../../src/engine/checkpoint.js';

const WHERE = 'runs/a/last.safetensors';

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'textforge-checkpoint-'));
  tempDirs.push(dir);
  return dir;
}

after(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.tmp-'));
}

/** A safetensors file built by hand: the given header text (space-padded to 8 bytes) followed by the data bytes. */
function build(header: string | object, data: ArrayLike<number> = []): Uint8Array {
  let json = typeof header === 'string' ? header : JSON.stringify(header);
  while (json.length % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function assertCheckpointError(call: () => unknown, message: RegExp, where = WHERE): void {
  assert.throws(call, (e: unknown) => {
    assert.ok(e instanceof CheckpointError, `expected CheckpointError, got ${String(e)}`);
    assert.equal(e.name, 'CheckpointError');
    assert.ok(e.message.startsWith(`checkpoint ${where}`), e.message);
    assert.ok(!e.message.includes('\n'), `message is not one line: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });
}

function sampleTensors(): Record<string, StoredTensor> {
  return {
    'lstm.wx': { dtype: 'float32', shape: [2, 3], data: new Float32Array([1.5, -2, 0, -0, NaN, 3.4028234663852886e38]) },
    step: { dtype: 'int64', shape: [], data: new BigInt64Array([2n ** 62n + 1n]) },
    ids: { dtype: 'int64', shape: [2, 2], data: new BigInt64Array([-1n, 0n, 2n ** 63n - 1n, -(2n ** 63n)]) },
    counts: { dtype: 'int32', shape: [4], data: new Int32Array([-(2 ** 31), -1, 0, 2 ** 31 - 1]) },
    mask: { dtype: 'bool', shape: [3, 1], data: new Uint8Array([1, 0, 1]) },
    empty: { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
    emptyBool: { dtype: 'bool', shape: [0], data: new Uint8Array(0) },
    scale: { dtype: 'float32', shape: [], data: new Float32Array([0.25]) },
  };
}

function assertSameTensors(actual: Record<string, StoredTensor>, expected: Record<string, StoredTensor>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    assert.equal(got.dtype, want.dtype, name);
    assert.deepEqual(got.shape, want.shape, name);
    assert.equal(got.data.constructor, want.data.constructor, name);
    assert.equal(got.data.byteOffset % got.data.BYTES_PER_ELEMENT, 0, `${name} is aligned`);
    assert.deepEqual(bytesOf(got.data), bytesOf(want.data), name); // bit-exact, including NaN and -0
  }
}

test('round trip of all four dtypes, empty and scalar shapes, bit-exact', () => {
  const tensors = sampleTensors();
  const bytes = encodeSafetensors(tensors);
  const decoded = decodeSafetensors(bytes, WHERE);
  assertSameTensors(decoded.tensors, tensors);
  assert.deepEqual(decoded.metadata, {});
  assert.deepEqual(encodeSafetensors(decoded.tensors), bytes);
});

test('encoding is canonical and keeps every tensor aligned', () => {
  const tensors = sampleTensors();
  const reversed = Object.fromEntries(Object.entries(tensors).reverse());
  const bytes = encodeSafetensors(tensors);
  assert.deepEqual(encodeSafetensors(reversed), bytes);
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(headerLength % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; data_offsets: number[] }>;
  for (const { dtype, data_offsets: [begin] } of Object.values(header)) {
    const size = { F32: 4, I32: 4, I64: 8, BOOL: 1 }[dtype] ?? 0;
    assert.equal(begin % size, 0, `${dtype} at ${begin}`);
  }
});

test('metadata round trips through encode/decode and save/load', async () => {
  const metadata = { format: 'pt', note: 'ünïcode ✓', empty: '' };
  const decoded = decodeSafetensors(encodeSafetensors(sampleTensors(), metadata), WHERE);
  assert.deepEqual(decoded.metadata, metadata);

  const dir = await tempDir();
  const path = join(dir, 'last.safetensors');
  const runInfo = { step: 1200, model: { kind: 'lstm', hidden: [64, 256] }, rng: { words: [1, 2, 3, 4] }, note: null };
  await saveCheckpoint(path, sampleTensors(), runInfo);
  const loaded = await loadCheckpoint(path);
  assert.deepEqual(loaded.metadata, runInfo);
  assertSameTensors(loaded.tensors, sampleTensors());
  const raw = decodeSafetensors(await readFile(path), path);
  assert.deepEqual(Object.keys(raw.metadata), ['textforge']);
  assert.deepEqual(JSON.parse(raw.metadata.textforge), runInfo);
});

test('a file without textforge metadata loads with metadata undefined', async () => {
  const dir = await tempDir();
  const path = join(dir, 'foreign.safetensors');
  await writeFile(path, encodeSafetensors({ w: { dtype: 'float32', shape: [1], data: new Float32Array([2]) } }, { format: 'np' }));
  assert.equal((await loadCheckpoint(path)).metadata, undefined);
});

test('decodes a hand-built fixture, including tensors at unaligned offsets', () => {
  const header =
    '{"__metadata__":{"source":"hand"},' +
    '"flag":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]},' +
    '"w":{"dtype":"F32","shape":[2],"data_offsets":[1,9]},' +
    '"n":{"dtype":"I32","shape":[1,1],"data_offsets":[9,13]},' +
    '"big":{"dtype":"I64","shape":[],"data_offsets":[13,21]}}';
  const data = [
    0x01, // flag = [1]
    0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0, // w = [1, -2.5]
    0xfe, 0xff, 0xff, 0xff, // n = [[-2]]
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, // big = 0x0807060504030201
  ];
  const { tensors, metadata } = decodeSafetensors(build(header, data), WHERE);
  assert.deepEqual(metadata, { source: 'hand' });
  assert.deepEqual(tensors.flag, { dtype: 'bool', shape: [1], data: new Uint8Array([1]) });
  assert.deepEqual(tensors.w, { dtype: 'float32', shape: [2], data: new Float32Array([1, -2.5]) });
  assert.deepEqual(tensors.n, { dtype: 'int32', shape: [1, 1], data: new Int32Array([-2]) });
  assert.deepEqual(tensors.big, { dtype: 'int64', shape: [], data: new BigInt64Array([0x0807060504030201n]) });
});

test('encodes the exact bytes of the format', () => {
  const bytes = encodeSafetensors({ x: { dtype: 'float32', shape: [1], data: new Float32Array([1]) } });
  const header = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'; // 54 bytes, padded to 56
  const expected = [56, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(header), 0x20, 0x20, 0x00, 0x00, 0x80, 0x3f];
  assert.deepEqual(bytes, new Uint8Array(expected));
  assert.deepEqual(encodeSafetensors({}), new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20]));
});

test('truncated files give a CheckpointError naming the file', () => {
  const bytes = encodeSafetensors(sampleTensors(), { a: 'b' });
  const headerEnd = 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assertCheckpointError(() => decodeSafetensors(new Uint8Array(0), WHERE), /file must be at least 8 bytes, got 0$/);
  assertCheckpointError(() => decodeSafetensors(bytes.subarray(0, 5), WHERE), /file must be at least 8 bytes, got 5$/);
  for (const cut of [8, 9, headerEnd - 20, headerEnd - 1]) {
    assertCheckpointError(() => decodeSafetensors(bytes.subarray(0, cut), WHERE), /header length must fit in the \d+ bytes after the length prefix/);
  }
  for (const cut of [headerEnd, headerEnd + 1, bytes.length - 8, bytes.length - 1]) {
    assertCheckpointError(() => decodeSafetensors(bytes.subarray(0, cut), WHERE), /data_offsets must lie within the \d+-byte data buffer/);
  }
});

test('a header length beyond the file is rejected', () => {
  const bytes = build({}, []);
  new DataView(bytes.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
  assertCheckpointError(() => decodeSafetensors(bytes, WHERE), /header length must fit in the 8 bytes after the length prefix, got 18446744073709551615$/);
});

test('damaged headers give a CheckpointError naming the file', () => {
  const good = build({ w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] } }, new Uint8Array(24));
  assert.doesNotThrow(() => decodeSafetensors(good, WHERE));
  const text = new TextDecoder().decode(good);
  /** The good file with one same-length piece of header text replaced. */
  const patched = (from: string, to: string): Uint8Array => {
    assert.equal(from.length, to.length);
    assert.ok(text.includes(from), from);
    return new TextEncoder().encode(text.replace(from, to));
  };
  const flipped = (index: number): Uint8Array => {
    const copy = good.slice();
    copy[8 + index] ^= 0x80;
    return copy;
  };
  const cases: [Uint8Array, RegExp][] = [
    [patched('{"w"', 'x"w"'), /header must be JSON, got a parse error/],
    [patched('3]', '3}'), /header must be JSON/],
    [flipped(0), /header must be UTF-8, got invalid bytes$/],
    [flipped(10), /header must be UTF-8/],
    [patched('"F32"', '"F16"'), /tensor 'w' dtype must be one of F32, I32, I64, BOOL, got "F16"$/],
    [patched('"F32"', '"f32"'), /dtype must be one of/],
    [patched('[2,3]', '[2,4]'), /tensor 'w' data_offsets must span 32 bytes for F32 shape \[2, 4\], got 24$/],
    [patched('[2,3]', '[2,-]'), /header must be JSON/],
    [patched('[2,3]', '[2,.]'), /header must be JSON/],
    [patched('[2,3]', '"2,3"'), /tensor 'w' shape must be an array of non-negative integers, got "2,3"$/],
    [patched('[0,24]', '[0,25]'), /tensor 'w' data_offsets must lie within the 24-byte data buffer, got \[0, 25\]$/],
    [patched('[0,24]', '[9,24]'), /tensor 'w' data_offsets must span 24 bytes/],
    [patched('[0,24]', '[24,0]'), /data_offsets must be \[begin, end\] with 0 <= begin <= end, got \[24,0\]$/],
    [patched('"dtype"', '"dtypo"'), /tensor 'w' must only have dtype, shape and data_offsets, got 'dtypo'$/],
  ];
  for (const [bytes, message] of cases) assertCheckpointError(() => decodeSafetensors(bytes, WHERE), message);
});

test('structural problems in the header or data are rejected', () => {
  const f32 = (begin: number, end: number) => ({ dtype: 'F32', shape: [(end - begin) / 4], data_offsets: [begin, end] });
  const cases: [Uint8Array, RegExp][] = [
    [build('[]'), /header must be a JSON object, got array$/],
    [build('null'), /header must be a JSON object, got null$/],
    [build(''), /header must be JSON/],
    [build({ w: 5 }), /tensor 'w' must be an object with dtype, shape and data_offsets, got number$/],
    [build({ a: f32(0, 8), b: f32(4, 12) }, new Uint8Array(12)), /tensor 'b' must not overlap tensor 'a', got \[4, 12\] and \[0, 8\]$/],
    [build({ a: f32(0, 8), b: f32(0, 8) }, new Uint8Array(8)), /must not overlap/],
    [build({ a: f32(0, 4), b: f32(8, 12) }, new Uint8Array(12)), /tensor 'b' must start where the previous tensor ends \(byte 4\), got 8$/],
    [build({ a: f32(4, 8) }, new Uint8Array(8)), /tensor 'a' must start where the previous tensor ends \(byte 0\), got 4$/],
    [build({ a: f32(0, 8) }, new Uint8Array(11)), /data buffer must end where the last tensor ends \(byte 8\), got 3 trailing bytes$/],
    [build({}, [0]), /got 1 trailing bytes$/],
    [build({ m: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, [1, 2]), /tensor 'm' bool values must be 0 or 1, got 2 at index 1$/],
    [build({ __metadata__: { k: 1 } }), /__metadata__ 'k' must be a string, got number$/],
    [build({ __metadata__: ['k'] }), /__metadata__ must be an object of strings, got array$/],
    [build({ 'bad\nname': 5 }), /tensor 'bad\\nname' must be an object/],
  ];
  for (const [bytes, message] of cases) assertCheckpointError(() => decodeSafetensors(bytes, WHERE), message);
});

test('loadCheckpoint names the path for missing and corrupt files', async () => {
  const dir = await tempDir();
  const missing = join(dir, 'nope.safetensors');
  await assert.rejects(loadCheckpoint(missing), (e: unknown) => e instanceof CheckpointError && e.message === `checkpoint ${missing}: file not found`);

  const corrupt = join(dir, 'corrupt.safetensors');
  const bytes = encodeSafetensors(sampleTensors());
  await writeFile(corrupt, bytes.subarray(0, bytes.length - 3));
  await assert.rejects(loadCheckpoint(corrupt), (e: unknown) => e instanceof CheckpointError && e.message.startsWith(`checkpoint ${corrupt}: tensor `));

  const badMetadata = join(dir, 'bad-metadata.safetensors');
  await writeFile(badMetadata, encodeSafetensors({}, { textforge: '{oops' }));
  await assert.rejects(loadCheckpoint(badMetadata), (e: unknown) =>
    e instanceof CheckpointError && e.message.startsWith(`checkpoint ${badMetadata}: __metadata__.textforge must be JSON, got a parse error`));

  await assert.rejects(loadCheckpoint(dir), (e: unknown) => e instanceof CheckpointError && e.message === `checkpoint ${dir}: file must be readable, got EISDIR`);
});

test('expected names, dtypes and shapes are enforced with one-line messages', async () => {
  const dir = await tempDir();
  const path = join(dir, 'last.safetensors');
  const tensors: Record<string, StoredTensor> = {
    'lstm.wx': { dtype: 'float32', shape: [32, 128], data: new Float32Array(32 * 128) },
    emb: { dtype: 'float32', shape: [10, 4], data: new Float32Array(40) },
    step: { dtype: 'int64', shape: [], data: new BigInt64Array(1) },
  };
  await saveCheckpoint(path, tensors, { step: 0 });
  const expected = {
    'lstm.wx': { dtype: 'float32' as const, shape: [32, 128] },
    emb: { dtype: 'float32' as const, shape: [10, 4] },
    step: { dtype: 'int64' as const, shape: [] },
  };
  const loaded = await loadCheckpoint(path, expected);
  assert.deepEqual(Object.keys(loaded.tensors).sort(), ['emb', 'lstm.wx', 'step']);

  const mismatch = async (changed: Record<string, { dtype: 'float32' | 'int32' | 'int64' | 'bool'; shape: number[] }>, message: string) => {
    await assert.rejects(loadCheckpoint(path, changed), (e: unknown) => {
      assert.ok(e instanceof CheckpointError);
      assert.equal(e.message, message);
      return true;
    });
  };
  await mismatch({ ...expected, 'lstm.wx': { dtype: 'float32', shape: [64, 256] } },
    `checkpoint ${path}: tensor 'lstm.wx' has shape [32, 128], expected [64, 256]`);
  await mismatch({ ...expected, step: { dtype: 'int64', shape: [1] } }, `checkpoint ${path}: tensor 'step' has shape [], expected [1]`);
  await mismatch({ ...expected, emb: { dtype: 'int32', shape: [10, 4] } }, `checkpoint ${path}: tensor 'emb' has dtype float32, expected int32`);
  await mismatch({ ...expected, head: { dtype: 'float32', shape: [4] } }, `checkpoint ${path} is missing tensor 'head'`);
  const { emb: _emb, ...withoutEmb } = expected;
  await mismatch(withoutEmb, `checkpoint ${path} has unexpected tensor 'emb'`);
});

test('encoding rejects invalid tensors with TypeError or RangeError', async () => {
  const cases: [Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [{ w: { dtype: 'float32', shape: [2], data: new Float32Array(3) } }, RangeError, /encodeSafetensors: tensor 'w' data must have 2 elements for shape \[2\], got 3$/],
    [{ w: { dtype: 'float32', shape: [2], data: new Int32Array(2) } }, TypeError, /tensor 'w' data must be the typed array for float32, got Int32Array$/],
    [{ w: { dtype: 'float16', shape: [2], data: new Float32Array(2) } }, RangeError, /tensor 'w' dtype must be one of float32, int32, int64, bool, got "float16"$/],
    [{ w: { dtype: 'float32', shape: [-2], data: new Float32Array(2) } }, RangeError, /tensor 'w' shape must hold non-negative integers, got \[-2\]$/],
    [{ w: { dtype: 'float32', shape: 2, data: new Float32Array(2) } }, TypeError, /tensor 'w' shape must be an array, got number$/],
    [{ w: { dtype: 'bool', shape: [1], data: new Uint8Array([3]) } }, RangeError, /tensor 'w' bool values must be 0 or 1, got 3 at index 0$/],
    [{ __metadata__: { dtype: 'bool', shape: [0], data: new Uint8Array(0) } }, RangeError, /tensor names must be non-empty and not '__metadata__'/],
    [{ w: null }, TypeError, /tensor 'w' must be an object with dtype, shape and data, got null$/],
  ];
  for (const [tensors, kind, message] of cases) {
    assert.throws(() => encodeSafetensors(tensors as Record<string, StoredTensor>), (e: unknown) => e instanceof kind && message.test(e.message));
  }
  assert.throws(() => encodeSafetensors({}, { a: 1 as unknown as string }), /encodeSafetensors: metadata 'a' must be a string, got number$/);

  const dir = await tempDir();
  const path = join(dir, 'x.safetensors');
  await assert.rejects(saveCheckpoint(path, {}, { n: 1n }), (e: unknown) => e instanceof TypeError && e.message.startsWith(`checkpoint ${path}: metadata must be JSON-serialisable, got `));
  await assert.rejects(saveCheckpoint(path, {}, undefined), (e: unknown) => e instanceof TypeError && e.message === `checkpoint ${path}: metadata must be JSON-serialisable, got undefined`);
});

test('a tensor named __proto__ round trips as an ordinary name', () => {
  const tensor: StoredTensor = { dtype: 'int32', shape: [1], data: new Int32Array([7]) };
  const tensors: Record<string, StoredTensor> = Object.fromEntries([['__proto__', tensor]]);
  const decoded = decodeSafetensors(encodeSafetensors(tensors), WHERE);
  assert.ok(Object.hasOwn(decoded.tensors, '__proto__'));
  assert.deepEqual(Array.from(Object.getOwnPropertyDescriptor(decoded.tensors, '__proto__')?.value.data), [7]);
});

test('writeFileAtomic replaces the file and leaves no temp files', async () => {
  const dir = await tempDir();
  const path = join(dir, 'run.json');
  await writeFileAtomic(path, '{"v":1}');
  await writeFileAtomic(path, new TextEncoder().encode('{"v":2}'));
  assert.equal(await readFile(path, 'utf8'), '{"v":2}');
  assert.deepEqual(await tempFilesIn(dir), []);

  const contents = Array.from({ length: 20 }, (_, i) => `writer ${i} `.repeat(1000));
  await Promise.all(contents.map((text) => writeFileAtomic(path, text)));
  assert.ok(contents.includes(await readFile(path, 'utf8')), 'the file is one complete write');
  assert.deepEqual(await readdir(dir), ['run.json']);
});

test('a failed atomic write leaves the old file intact and no temp files', async () => {
  const dir = await tempDir();
  const path = join(dir, 'last.safetensors');
  await saveCheckpoint(path, sampleTensors(), { step: 1 });
  const before = await readFile(path);

  // The temp file's directory does not exist: `missing/..` cannot be resolved, so nothing is written.
  await assert.rejects(writeFileAtomic(`${dir}/missing/../last.safetensors`, 'new'), { code: 'ENOENT' });
  // Serialisation fails before anything is written.
  await assert.rejects(saveCheckpoint(path, { w: { dtype: 'float32', shape: [3], data: new Float32Array(2) } }, {}), RangeError);
  await assert.rejects(saveCheckpoint(path, sampleTensors(), { n: 1n }), TypeError);
  assert.deepEqual(await readFile(path), before);
  assert.deepEqual(await tempFilesIn(dir), []);

  // The rename fails after the temp file was written (the target is a non-empty directory): the temp file is removed.
  const occupied = join(dir, 'occupied');
  await mkdir(occupied);
  await writeFile(join(occupied, 'keep'), 'kept');
  await assert.rejects(writeFileAtomic(occupied, 'new'));
  assert.equal(await readFile(join(occupied, 'keep'), 'utf8'), 'kept');
  assert.deepEqual(await tempFilesIn(dir), []);
  assert.deepEqual((await loadCheckpoint(path)).metadata, { step: 1 });
});
