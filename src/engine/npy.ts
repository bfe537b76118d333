// NumPy .npy files (format 1.0 to 3.0) of little-endian float32: written so encoded sentences load with numpy.load, and read back with every field checked.
import { open, type FileHandle } from 'node:fs/promises';
import { readAt } from './read-at.js';

/** A .npy file that is not a little-endian float32 array in C order; the message is one line naming the file. */
export class NpyError extends Error {
  override name = 'NpyError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy itself refuses headers over 10,000 bytes by default; a longer claim is corruption, refused before it is read. */
export const MAX_NPY_HEADER_BYTES = 65_536;

export function encodeNpyFloat32(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`npy: shape [${shape.join(', ')}] needs ${count} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n' must be a multiple of 64
  const padding = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${' '.repeat(padding % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength); // little-endian on every platform Node supports here
  out.set(body, 10 + header.length);
  return out;
}

export interface NpyFloat32 {
  shape: number[];
  data: Float32Array;
}

type Fail = (what: string) => NpyError;

/** Header text for a one-line message: escaped and cut short. */
function show(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 50 ? `${quoted.slice(0, 47)}..."` : quoted;
}

/** The prefix: magic, version, and where the header ends; checked against the file's size. */
function headerSpan(fail: Fail, prefix: Uint8Array, fileBytes: number): { start: number; length: number } {
  if (fileBytes < 10 || MAGIC.some((b, i) => prefix[i] !== b)) throw fail('file must start with the .npy magic \\x93NUMPY');
  const major = prefix[6];
  if (major < 1 || major > 3) throw fail(`format version must be 1, 2 or 3, got ${major}.${prefix[7]}`);
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const start = major === 1 ? 10 : 12;
  if (fileBytes < start) throw fail(`file must be at least ${start} bytes, got ${fileBytes}`);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (length > MAX_NPY_HEADER_BYTES) throw fail(`header length must be at most ${MAX_NPY_HEADER_BYTES} bytes, got ${length}`);
  if (start + length > fileBytes) throw fail(`header length must fit in the ${fileBytes - start} bytes after the prefix, got ${length}`);
  return { start, length };
}

/** The header dict, parsed strictly: exactly descr '<f4', fortran_order False and a shape tuple of non-negative integers. */
function parseHeader(fail: Fail, bytes: Uint8Array): number[] {
  const text = new TextDecoder('latin1').decode(bytes).trim(); // latin1 decodes any bytes
  if (!(text.startsWith('{') && text.endsWith('}'))) throw fail('header must be a Python dict literal');
  const fields = new Map<string, string>();
  const field = /\s*'(\w+)'\s*:\s*('[^']*'|True|False|\([^)]*\))\s*(?:,|$)/y;
  const body = text.slice(1, -1).trim();
  let match: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < body.length && (match = field.exec(body)) !== null) {
    if (fields.has(match[1])) throw fail(`header key ${show(match[1])} must appear once`);
    fields.set(match[1], match[2]);
    consumed = field.lastIndex;
  }
  if (consumed !== body.length) throw fail(`header must be a dict of descr, fortran_order and shape, got ${show(body.slice(consumed))}`);
  const keys = [...fields.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') throw fail(`header keys must be descr, fortran_order and shape, got ${show(keys || 'none')}`);
  if (fields.get('descr') !== "'<f4'") throw fail(`descr must be '<f4' (little-endian float32), got ${show(fields.get('descr') ?? '')}`);
  if (fields.get('fortran_order') !== 'False') throw fail(`fortran_order must be False, got ${show(fields.get('fortran_order') ?? '')}`);
  const tuple = (fields.get('shape') ?? '').slice(1, -1).trim();
  const parts = tuple === '' ? [] : tuple.replace(/,\s*$/, '').split(',').map((p) => p.trim());
  if (parts.length === 1 && !tuple.endsWith(',')) throw fail(`shape must be a tuple, got ${show(`(${tuple})`)}`);
  const shape = parts.map((p) => (/^\d{1,15}$/.test(p) ? Number(p) : NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) throw fail(`shape must hold non-negative integers, got ${show(`(${tuple})`)}`);
  return shape;
}

function decodeWith(fail: Fail, headerBytes: Uint8Array, dataBytes: number): { shape: number[]; count: number } {
  const shape = parseHeader(fail, headerBytes);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count * 4 !== dataBytes) throw fail(`data must be ${count} float32 values (${count * 4} bytes) for shape (${shape.join(', ')}), got ${dataBytes} bytes`);
  return { shape, count };
}

function floatsOf(bytes: Uint8Array, count: number): Float32Array {
  const data = new Float32Array(count); // a fresh array, so it is aligned whatever its offset in the file
  new Uint8Array(data.buffer).set(bytes.subarray(0, count * 4));
  return data;
}

/** Parses .npy bytes (float32, C order); `where` names the file in every NpyError. */
export function decodeNpyFloat32(bytes: Uint8Array, where: string): NpyFloat32 {
  const fail = (what: string) => new NpyError(`npy ${where}: ${what}`);
  const { start, length } = headerSpan(fail, bytes.subarray(0, 12), bytes.length);
  const { shape, count } = decodeWith(fail, bytes.subarray(start, start + length), bytes.length - start - length);
  return { shape, data: floatsOf(bytes.subarray(start + length), count) };
}

/** Reads a .npy file in bounded steps (prefix, header, then data of the size the checked header and file agree on). */
export async function loadNpyFloat32(path: string): Promise<NpyFloat32> {
  const fail = (what: string) => new NpyError(`npy ${path}: ${what}`);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fail(`file must be readable, got ${(error as NodeJS.ErrnoException).code ?? 'an error'}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw fail('file must be a regular file');
    const { start, length } = headerSpan(fail, await readAt(handle, 0, Math.min(12, stats.size)), stats.size);
    const { shape, count } = decodeWith(fail, await readAt(handle, start, length), stats.size - start - length);
    const data = await readAt(handle, start + length, count * 4);
    if (data.length !== count * 4) throw fail('file must not shrink while it is read');
    return { shape, data: floatsOf(data, count) };
  } finally {
    await handle.close();
  }
}
