// Model checkpoints as safetensors files: strictly validated on load (one-line errors naming the file) and written atomically.
import { open, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import type { DType, HostArray } from './dtype.js';
import { fmt, numel } from './shape.js';
import { readAt } from './read-at.js';

export interface StoredTensor {
  dtype: DType;
  shape: number[];
  data: HostArray;
}

export interface DecodedSafetensors {
  tensors: Record<string, StoredTensor>;
  metadata: Record<string, string>;
}

/** What loadCheckpoint returns: the tensors and the parsed textforge metadata (undefined if the file has none). */
export interface LoadedCheckpoint {
  tensors: Record<string, StoredTensor>;
  metadata: unknown;
}

/** The names, dtypes and shapes a caller requires a checkpoint to contain, exactly. */
export type ExpectedTensors = Record<string, { dtype: DType; shape: readonly number[] }>;

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const FORMAT_DTYPES: Record<DType, string> = { float32: 'F32', int32: 'I32', int64: 'I64', bool: 'BOOL' };
const DTYPES_BY_FORMAT = new Map(Object.entries(FORMAT_DTYPES).map(([dtype, format]) => [format, dtype as DType]));
const BYTES_PER_ELEMENT: Record<DType, number> = { float32: 4, int32: 4, int64: 8, bool: 1 };
const ENTRY_KEYS = ['dtype', 'shape', 'data_offsets'];
const METADATA_KEY = '__metadata__';
const TEXTFORGE_KEY = 'textforge';
const HEADER_ALIGNMENT = 8;
const PREFIX_BYTES = 8;
/** The safetensors format's own limit on the JSON header (100 MB): a longer claim is corruption, refused before any read. */
export const MAX_HEADER_BYTES = 100_000_000;

// safetensors data is little-endian and is copied byte for byte into host typed arrays.
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function requireLittleEndianHost(where: string): void {
  if (!littleEndianHost) throw new Error(`${where}: host must be little-endian to read or write safetensors, got big-endian`);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A tensor name quoted for a one-line message (newlines and quotes escaped). */
function quote(name: string): string {
  return `'${JSON.stringify(name).slice(1, -1)}'`;
}

/** A short one-line rendering of a header value for error messages. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = kind(value); // nested too deeply to print (JSON.stringify overflows the stack)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** A zeroed typed array for `dtype` (own copy rather than dtype.ts's allocHost, to keep checkpoints free of onnx-proto at runtime). */
function allocate(dtype: DType, size: number): HostArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'int64': return new BigInt64Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

function holdsDType(data: unknown, dtype: DType): boolean {
  switch (dtype) {
    case 'float32': return data instanceof Float32Array;
    case 'int32': return data instanceof Int32Array;
    case 'int64': return data instanceof BigInt64Array;
    case 'bool': return data instanceof Uint8Array;
  }
}

function checkTensorToStore(where: string, name: string, tensor: StoredTensor): void {
  const what = `tensor ${quote(name)}`;
  if (name === '' || name === METADATA_KEY) throw new RangeError(`${where}: tensor names must be non-empty and not '${METADATA_KEY}', got ${quote(name)}`);
  if (!isPlainObject(tensor)) throw new TypeError(`${where}: ${what} must be an object with dtype, shape and data, got ${kind(tensor)}`);
  if (!Object.hasOwn(FORMAT_DTYPES, tensor.dtype)) throw new RangeError(`${where}: ${what} dtype must be one of float32, int32, int64, bool, got ${preview(tensor.dtype)}`);
  if (!Array.isArray(tensor.shape)) throw new TypeError(`${where}: ${what} shape must be an array, got ${kind(tensor.shape)}`);
  if (!isShape(tensor.shape)) throw new RangeError(`${where}: ${what} shape must hold non-negative integers, got ${preview(tensor.shape)}`);
  if (!holdsDType(tensor.data, tensor.dtype)) throw new TypeError(`${where}: ${what} data must be the typed array for ${tensor.dtype}, got ${tensor.data?.constructor?.name ?? kind(tensor.data)}`);
  const size = numel(tensor.shape);
  if (tensor.data.length !== size) throw new RangeError(`${where}: ${what} data must have ${size} elements for shape ${fmt(tensor.shape)}, got ${tensor.data.length}`);
  if (tensor.dtype === 'bool') checkBoolValues(tensor.data as Uint8Array, (bad) => new RangeError(`${where}: ${what} ${bad}`));
}

function checkBoolValues(data: Uint8Array, failure: (what: string) => Error): void {
  const index = data.findIndex((v) => v > 1);
  if (index >= 0) throw failure(`bool values must be 0 or 1, got ${data[index]} at index ${index}`);
}

function checkMetadataToStore(where: string, metadata: Record<string, string>): void {
  if (!isPlainObject(metadata)) throw new TypeError(`${where}: metadata must be an object of strings, got ${kind(metadata)}`);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new TypeError(`${where}: metadata ${quote(key)} must be a string, got ${kind(value)}`);
  }
}

function encode(where: string, tensors: Record<string, StoredTensor>, metadata: Record<string, string>): Uint8Array {
  requireLittleEndianHost(where);
  if (!isPlainObject(tensors)) throw new TypeError(`${where}: tensors must be an object of named tensors, got ${kind(tensors)}`);
  for (const [name, tensor] of Object.entries(tensors)) checkTensorToStore(where, name, tensor);
  checkMetadataToStore(where, metadata);

  // Widest elements first, then by name, so every tensor is naturally aligned within the data buffer.
  const names = Object.keys(tensors).sort((a, b) =>
    BYTES_PER_ELEMENT[tensors[b].dtype] - BYTES_PER_ELEMENT[tensors[a].dtype] || (a < b ? -1 : a > b ? 1 : 0));
  const headerEntries: [string, unknown][] = Object.keys(metadata).length > 0 ? [[METADATA_KEY, metadata]] : [];
  let dataBytes = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors[name];
    headerEntries.push([name, { dtype: FORMAT_DTYPES[dtype], shape: [...shape], data_offsets: [dataBytes, dataBytes + data.byteLength] }]);
    dataBytes += data.byteLength;
  }
  const header = Object.fromEntries(headerEntries); // fromEntries keeps a tensor named '__proto__' an ordinary key

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
  const out = new Uint8Array(PREFIX_BYTES + headerBytes + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes), true);
  out.set(json, PREFIX_BYTES);
  out.fill(0x20, PREFIX_BYTES + json.length, PREFIX_BYTES + headerBytes); // space padding
  let offset = PREFIX_BYTES + headerBytes;
  for (const name of names) {
    const { data } = tensors[name];
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    offset += data.byteLength;
  }
  return out;
}

/** Serialises tensors (and optional string metadata) into safetensors bytes; tensor order in the file is canonical. */
export function encodeSafetensors(tensors: Record<string, StoredTensor>, metadata: Record<string, string> = {}): Uint8Array {
  return encode('encodeSafetensors', tensors, metadata);
}

interface HeaderEntry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(fail: (what: string) => CheckpointError, name: string, info: unknown, dataLength: number): HeaderEntry {
  const what = `tensor ${quote(name)}`;
  if (!isPlainObject(info)) throw fail(`${what} must be an object with dtype, shape and data_offsets, got ${kind(info)}`);
  const stray = Object.keys(info).find((key) => !ENTRY_KEYS.includes(key));
  if (stray !== undefined) throw fail(`${what} must only have dtype, shape and data_offsets, got ${quote(stray)}`);

  const dtype = typeof info.dtype === 'string' ? DTYPES_BY_FORMAT.get(info.dtype) : undefined;
  if (dtype === undefined) throw fail(`${what} dtype must be one of F32, I32, I64, BOOL, got ${preview(info.dtype)}`);
  if (!isShape(info.shape)) throw fail(`${what} shape must be an array of non-negative integers, got ${preview(info.shape)}`);
  const offsets = info.data_offsets;
  if (!isShape(offsets) || offsets.length !== 2 || offsets[0] > offsets[1]) {
    throw fail(`${what} data_offsets must be [begin, end] with 0 <= begin <= end, got ${preview(offsets)}`);
  }
  const [begin, end] = offsets;
  if (end > dataLength) throw fail(`${what} data_offsets must lie within the ${dataLength}-byte data buffer, got [${begin}, ${end}]`);
  const expectedBytes = numel(info.shape) * BYTES_PER_ELEMENT[dtype];
  if (end - begin !== expectedBytes) {
    throw fail(`${what} data_offsets must span ${expectedBytes} bytes for ${info.dtype} shape ${fmt(info.shape)}, got ${end - begin}`);
  }
  return { name, dtype, shape: info.shape, begin, end };
}

function parseMetadata(fail: (what: string) => CheckpointError, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw fail(`${METADATA_KEY} must be an object of strings, got ${kind(value)}`);
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw fail(`${METADATA_KEY} ${quote(key)} must be a string, got ${kind(text)}`);
  }
  return value as Record<string, string>;
}

/** Requires the tensors to tile the data buffer exactly: no overlaps, no gaps, no trailing bytes. */
function checkLayout(fail: (what: string) => CheckpointError, entries: HeaderEntry[], dataLength: number): void {
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of byOffset) {
    if (previous !== undefined && entry.begin < position) {
      throw fail(`tensor ${quote(entry.name)} must not overlap tensor ${quote(previous.name)}, got [${entry.begin}, ${entry.end}] and [${previous.begin}, ${previous.end}]`);
    }
    if (entry.begin > position) throw fail(`tensor ${quote(entry.name)} must start where the previous tensor ends (byte ${position}), got ${entry.begin}`);
    position = entry.end;
    previous = entry;
  }
  if (position !== dataLength) throw fail(`data buffer must end where the last tensor ends (byte ${position}), got ${dataLength - position} trailing bytes`);
}

type Fail = (what: string) => CheckpointError;

/** The header length from the 8-byte prefix, checked against the bytes that follow it and the format's limit. */
function headerLengthOf(fail: Fail, prefix: Uint8Array, fileBytes: number): number {
  if (fileBytes < PREFIX_BYTES) throw fail(`file must be at least ${PREFIX_BYTES} bytes, got ${fileBytes}`);
  const available = fileBytes - PREFIX_BYTES;
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, PREFIX_BYTES).getBigUint64(0, true);
  if (headerLength > BigInt(available)) throw fail(`header length must fit in the ${available} bytes after the length prefix, got ${headerLength}`);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) throw fail(`header length must be at most ${MAX_HEADER_BYTES} bytes, got ${headerLength}`);
  return Number(headerLength);
}

/** Parses and checks the JSON header against a data section of `dataLength` bytes: every entry, and their exact tiling. */
function parseHeader(fail: Fail, headerBytes: Uint8Array, dataLength: number): { entries: HeaderEntry[]; metadata: Record<string, string> } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw fail('header must be UTF-8, got invalid bytes');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw fail(`header must be JSON, got a parse error (${oneLine((error as Error).message)})`);
  }
  if (!isPlainObject(header)) throw fail(`header must be a JSON object, got ${kind(header)}`);
  const metadata = parseMetadata(fail, header[METADATA_KEY]);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => parseEntry(fail, name, info, dataLength));
  checkLayout(fail, entries, dataLength);
  return { entries, metadata };
}

/** The tensors, copied out of the (already validated) data section. */
function tensorsOf(fail: Fail, entries: HeaderEntry[], data: Uint8Array): Record<string, StoredTensor> {
  return Object.fromEntries(entries.map(({ name, dtype, shape, begin, end }): [string, StoredTensor] => {
    // A fresh typed array, so the data is aligned whatever its offset in the file.
    const values = allocate(dtype, numel(shape));
    new Uint8Array(values.buffer).set(data.subarray(begin, end));
    if (dtype === 'bool') checkBoolValues(values as Uint8Array, (bad) => fail(`tensor ${quote(name)} ${bad}`));
    return [name, { dtype, shape, data: values }];
  }));
}

/** Parses and fully validates safetensors bytes; `where` (the file path) names the file in every CheckpointError. */
export function decodeSafetensors(bytes: Uint8Array, where: string): DecodedSafetensors {
  requireLittleEndianHost(`checkpoint ${where}`);
  const fail = (what: string) => new CheckpointError(`checkpoint ${where}: ${what}`);
  const headerLength = headerLengthOf(fail, bytes, bytes.length);
  const dataStart = PREFIX_BYTES + headerLength;
  const { entries, metadata } = parseHeader(fail, bytes.subarray(PREFIX_BYTES, dataStart), bytes.length - dataStart);
  return { tensors: tensorsOf(fail, entries, bytes.subarray(dataStart)), metadata };
}

/** The tensor shapes a checkpoint's header declares, read and checked without reading its data (a bound on what a model may allocate). */
export async function readCheckpointShapes(path: string): Promise<Record<string, { dtype: DType; shape: number[] }>> {
  const fail = (what: string) => new CheckpointError(`checkpoint ${path}: ${what}`);
  const handle = await openCheckpoint(path);
  try {
    const size = (await handle.stat()).size;
    const headerLength = headerLengthOf(fail, await readAt(handle, 0, Math.min(PREFIX_BYTES, size)), size);
    const { entries } = parseHeader(fail, await readAt(handle, PREFIX_BYTES, headerLength), size - PREFIX_BYTES - headerLength);
    return Object.fromEntries(entries.map(({ name, dtype, shape }) => [name, { dtype, shape }]));
  } finally {
    await handle.close();
  }
}

async function openCheckpoint(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CheckpointError(`checkpoint ${path}: file not found`, { cause: error });
    throw new CheckpointError(`checkpoint ${path}: file must be readable, got ${code ?? oneLine((error as Error).message)}`, { cause: error });
  }
}

/**
 * Reads a safetensors file in three bounded steps (prefix, header, data), validating each before the next, so a header
 * claiming gigabytes is refused before anything of that size is allocated.
 */
async function readSafetensors(path: string, fail: Fail): Promise<DecodedSafetensors> {
  requireLittleEndianHost(`checkpoint ${path}`);
  const handle = await openCheckpoint(path);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fail('file must be readable, got EISDIR');
    if (!stats.isFile()) throw fail('file must be a regular file');
    const size = stats.size;
    const headerLength = headerLengthOf(fail, await readAt(handle, 0, Math.min(PREFIX_BYTES, size)), size);
    const dataLength = size - PREFIX_BYTES - headerLength;
    const headerBytes = await readAt(handle, PREFIX_BYTES, headerLength);
    if (headerBytes.length !== headerLength) throw fail(`file must not shrink while it is read, got ${PREFIX_BYTES + headerBytes.length} of ${size} bytes`);
    const { entries, metadata } = parseHeader(fail, headerBytes, dataLength);
    const data = await readAt(handle, PREFIX_BYTES + headerLength, dataLength);
    if (data.length !== dataLength) throw fail(`file must not shrink while it is read, got ${PREFIX_BYTES + headerLength + data.length} of ${size} bytes`);
    return { tensors: tensorsOf(fail, entries, data), metadata };
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CheckpointError(`checkpoint ${path}: file must be readable, got ${code ?? oneLine((error as Error).message)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

/** Writes tensors and JSON-serialisable metadata (stored as __metadata__.textforge) to `path` (each path, the first one last) atomically. */
export async function saveCheckpoint(path: string | readonly string[], tensors: Record<string, StoredTensor>, metadata: unknown): Promise<void> {
  const paths = typeof path === 'string' ? [path] : path;
  const where = `checkpoint ${paths.join(', ')}`;
  let json: string | undefined;
  try {
    json = JSON.stringify(metadata);
  } catch (error) {
    throw new TypeError(`${where}: metadata must be JSON-serialisable, got ${oneLine((error as Error).message)}`);
  }
  if (json === undefined) throw new TypeError(`${where}: metadata must be JSON-serialisable, got ${kind(metadata)}`);
  const bytes = encode(where, tensors, { [TEXTFORGE_KEY]: json }); // encoded once, however many files
  // the first path (the one a resume reads) is written last: if a later one fails, it still holds the old state, whose replay rewrites them
  for (const p of [...paths].reverse()) await writeFileAtomic(p, bytes);
}

/** Require exactly the expected names, dtypes and shapes; the first mismatch becomes a one-line error. */
export function checkExpected(where: string, tensors: Record<string, StoredTensor>, expected: ExpectedTensors): void {
  for (const [name, want] of Object.entries(expected)) {
    if (!Object.hasOwn(tensors, name)) throw new CheckpointError(`${where} is missing tensor ${quote(name)}`);
    const got = tensors[name];
    if (got.dtype !== want.dtype) throw new CheckpointError(`${where}: tensor ${quote(name)} has dtype ${got.dtype}, expected ${want.dtype}`);
    if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
      throw new CheckpointError(`${where}: tensor ${quote(name)} has shape ${fmt(got.shape)}, expected ${fmt(want.shape)}`);
    }
  }
  const unexpected = Object.keys(tensors).find((name) => !Object.hasOwn(expected, name));
  if (unexpected !== undefined) throw new CheckpointError(`${where} has unexpected tensor ${quote(unexpected)}`);
}

/**
 * Reads and validates the checkpoint at `path`; with `expected`, also requires exactly those tensor names,
 * dtypes and shapes, reporting the first mismatch in one line.
 */
export async function loadCheckpoint(path: string, expected?: ExpectedTensors): Promise<LoadedCheckpoint> {
  const where = `checkpoint ${path}`;
  const { tensors, metadata } = await readSafetensors(path, (what) => new CheckpointError(`${where}: ${what}`));
  let parsed: unknown;
  if (Object.hasOwn(metadata, TEXTFORGE_KEY)) {
    try {
      parsed = JSON.parse(metadata[TEXTFORGE_KEY]);
    } catch (error) {
      throw new CheckpointError(`${where}: ${METADATA_KEY}.${TEXTFORGE_KEY} must be JSON, got a parse error (${oneLine((error as Error).message)})`);
    }
  }
  if (expected !== undefined) checkExpected(where, tensors, expected);
  return { tensors, metadata: parsed };
}
