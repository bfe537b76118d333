// Reads a UTF-8 text file as one sentence (or document) per line, rejecting missing, binary and non-UTF-8 input with one-line errors.
import { constants as bufferConstants } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { DataError, firstLine, formatBytes, quotePath } from './data-error.js';
import { checkUtf8 } from './utf8.js';

/** The default largest file readTextLines accepts: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export interface ReadTextOptions {
  /** Files larger than this many bytes are rejected before they are read (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

export interface TextLines {
  /** The non-blank lines, in file order, with surrounding whitespace trimmed. */
  lines: string[];
  /** How many blank or whitespace-only lines were skipped. */
  blankLines: number;
}

const LF = 0x0a;
const CR = 0x0d;
const READ_CHUNK_BYTES = 1024 ** 3; // one read() call may not exceed 2^31 - 1 bytes

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataError(`data: ${quotePath(path)} not found`);
    if (code === 'EACCES' || code === 'EPERM') throw new DataError(`data: ${quotePath(path)} cannot be read: permission denied`);
    if (code === 'EISDIR') throw new DataError(`data: ${quotePath(path)} is a directory, not a text file`);
    throw new DataError(`data: ${quotePath(path)} cannot be opened: ${firstLine(error)}`);
  }
}

/** The whole file in one Buffer, read in chunks (fs.readFile refuses files of 2 GiB and more). */
async function readAll(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(READ_CHUNK_BYTES, size - filled), filled);
    if (bytesRead === 0) break; // the file shrank since stat
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

async function readBytes(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await openForReading(path);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new DataError(`data: ${quotePath(path)} is a directory, not a text file`);
    if (!stats.isFile()) throw new DataError(`data: ${quotePath(path)} is not a regular file`);
    if (stats.size > maxBytes) {
      throw new DataError(`data: ${quotePath(path)} is ${formatBytes(stats.size)}, larger than the ${formatBytes(maxBytes)} limit (maxBytes)`);
    }
    if (stats.size > bufferConstants.MAX_LENGTH) {
      throw new DataError(`data: ${quotePath(path)} is ${formatBytes(stats.size)}, too large to hold in memory`);
    }
    return await readAll(handle, stats.size);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`data: ${quotePath(path)} cannot be read: ${firstLine(error)}`);
  } finally {
    await handle.close();
  }
}

function rejectBinaryOrInvalid(path: string, bytes: Buffer): void {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new DataError(`data: ${quotePath(path)} looks binary: NUL byte at offset ${nul}`);
  const problem = checkUtf8(bytes);
  if (problem !== undefined) throw new DataError(`data: ${quotePath(path)} is not UTF-8 text: ${problem.reason} at offset ${problem.offset}`);
}

function hasByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Splits validated UTF-8 bytes at LF, CRLF and lone CR; each line is decoded on its own, so the work is linear in the file size. */
function splitLines(path: string, bytes: Buffer, start: number): TextLines {
  const lines: string[] = [];
  let blankLines = 0;
  let nextLf = bytes.indexOf(LF, start);
  let nextCr = bytes.indexOf(CR, start);
  let lineNumber = 0;
  let position = start;
  while (position < bytes.length) {
    // Refresh a cached terminator position only once it has been passed, so no byte is searched twice.
    if (nextLf !== -1 && nextLf < position) nextLf = bytes.indexOf(LF, position);
    if (nextCr !== -1 && nextCr < position) nextCr = bytes.indexOf(CR, position);
    const end = nextLf === -1 ? (nextCr === -1 ? bytes.length : nextCr) : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
    lineNumber += 1;
    if (end - position > bufferConstants.MAX_STRING_LENGTH) {
      throw new DataError(`data: ${quotePath(path)} line ${lineNumber} is ${formatBytes(end - position)}, too long to hold as one string`);
    }
    const line = bytes.toString('utf8', position, end).trim();
    if (line === '') blankLines += 1;
    else lines.push(line);
    position = end + (bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1);
  }
  return { lines, blankLines };
}

/**
 * The non-blank lines of a UTF-8 text file. Line ends may be LF, CRLF or a lone CR; a leading byte order mark is dropped;
 * blank and whitespace-only lines are skipped and counted. Throws a one-line DataError naming the file when it is
 * missing, a directory, larger than `maxBytes`, binary (contains NUL), not valid UTF-8 (with the byte offset), or has no text lines.
 */
export async function readTextLines(path: string, options: ReadTextOptions = {}): Promise<TextLines> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) throw new RangeError(`readTextLines: maxBytes must be a positive integer, got ${maxBytes}`);
  const bytes = await readBytes(path, maxBytes);
  rejectBinaryOrInvalid(path, bytes);
  const text = splitLines(path, bytes, hasByteOrderMark(bytes) ? 3 : 0);
  if (text.lines.length === 0) throw new DataError(`data: ${quotePath(path)} has no text lines`);
  return text;
}
