// compress and decompress on files: one-line errors for missing, unreadable or existing files, output written atomically (never a partial file under the final name).
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { ArchiveError } from './archive.js';
import { compressBytes, decompressBytes, type CodingModel, type CompressOptions, type DecompressOptions } from './codec.js';
import type { LockstepProgress } from './lockstep.js';
import { modelForArchive } from './models.js';

/** The largest input compress reads: 1 GiB (it holds the file, its symbols and the output in memory). */
export const MAX_INPUT_BYTES = 2 ** 30;

/** A problem with a file compress or decompress was given, as one line naming it. */
export class CompressFileError extends Error {
  override name = 'CompressFileError';
}

async function readInput(command: string, path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new CompressFileError(`${command}: '${path}' is a directory, not a file`);
    size = s.size;
  } catch (error) {
    if (error instanceof CompressFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CompressFileError(code === 'ENOENT' ? `${command}: '${path}' not found` : `${command}: '${path}' cannot be read (${code ?? String(error)})`);
  }
  if (size > MAX_INPUT_BYTES) throw new CompressFileError(`${command}: '${path}' is ${size} bytes, more than the ${MAX_INPUT_BYTES}-byte limit`);
  try {
    return await readFile(path);
  } catch (error) {
    throw new CompressFileError(`${command}: '${path}' cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/** Refuses an output that exists (unless `force`) or that is the input itself. */
async function checkOutput(command: string, input: string, output: string, force: boolean): Promise<void> {
  if ((await canonical(input)) === (await canonical(output))) throw new CompressFileError(`${command}: the output '${output}' is the input file`);
  const there = await stat(output).then((s) => s, () => null);
  if (there?.isDirectory()) throw new CompressFileError(`${command}: the output '${output}' is a directory`);
  if (there && !force) throw new CompressFileError(`${command}: '${output}' exists (pass --force to overwrite it)`);
}

export interface FileResult {
  bytes: number;
  archiveBytes: number;
  seconds: number;
  /** Archive bits per original byte (header included). */
  bitsPerByte: number;
}

/** Archive bits per original byte (0 for the empty file). */
const bitsPerByte = (archiveBytes: number, bytes: number) => (bytes === 0 ? 0 : (8 * archiveBytes) / bytes);

export async function compressFile(input: string, output: string, model: CodingModel | (() => Promise<CodingModel>), o: CompressOptions & { force: boolean }): Promise<FileResult & { modelBits: number; lanes: number }> {
  await checkOutput('compress', input, output, o.force);
  const bytes = await readInput('compress', input);
  const coding = typeof model === 'function' ? await model() : model;
  const t0 = performance.now();
  const r = await compressBytes(bytes, coding, o);
  const seconds = (performance.now() - t0) / 1000;
  await writeFileAtomic(output, r.archive);
  return { bytes: bytes.length, archiveBytes: r.archive.length, seconds, bitsPerByte: bitsPerByte(r.archive.length, bytes.length), modelBits: r.modelBits, lanes: r.header.laneBytes.length };
}

export async function decompressFile(archivePath: string, output: string, o: DecompressOptions & { force: boolean; run?: string; progress?: LockstepProgress }): Promise<FileResult> {
  await checkOutput('decompress', archivePath, output, o.force);
  const archive = await readInput('decompress', archivePath);
  const t0 = performance.now();
  let restored: Uint8Array;
  try {
    restored = await decompressBytes(archive, (header) => modelForArchive(header, o.run), o);
  } catch (error) {
    if (error instanceof ArchiveError) throw new CompressFileError(`decompress: '${archivePath}': ${error.message}`);
    throw error;
  }
  const seconds = (performance.now() - t0) / 1000;
  await writeFileAtomic(output, restored);
  return { bytes: restored.length, archiveBytes: archive.length, seconds, bitsPerByte: bitsPerByte(archive.length, restored.length) };
}
