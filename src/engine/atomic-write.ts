// Atomic file replacement (temp file, fsync, rename, fsync directory), so a crash never leaves a checkpoint or run file half-written.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { injectedWriteFailure, killPointReached, writeKindOf } from './fault-injection.js';
import { writeErrorOf } from './write-error.js';

let tempCounter = 0;

/** A temp path beside `path` (same directory, so the rename stays on one filesystem). */
function tempPathFor(path: string): string {
  tempCounter += 1;
  return `${path}.tmp-${process.pid}-${tempCounter}-${randomBytes(4).toString('hex')}`;
}

/** Flushes the directory entry so the rename itself survives a power loss (not possible on Windows). */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What a failed write leaves intact, for its error message: the file it was replacing, if there was one. */
async function keptOnFailure(path: string): Promise<string | undefined> {
  const present = await stat(path).then(() => true, () => false);
  if (!present) return undefined;
  return writeKindOf(path) === 'checkpoint' ? 'the previous checkpoint is intact' : 'the previous version is intact';
}

/**
 * Replaces `path` with `bytes` atomically: readers see either the old file or the complete new one.
 * On failure the temp file is removed and a one-line WriteError naming `path` is thrown (its cause the Node error);
 * `path` is untouched unless the rename happened.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tempPath = tempPathFor(path);
  try {
    const handle = await open(tempPath, 'wx');
    try {
      const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
      if (killPointReached(path)) {
        await handle.write(data.subarray(0, data.length >> 1));
        await handle.sync();
        process.kill(process.pid, 'SIGKILL');
      }
      const fault = injectedWriteFailure(path);
      if (fault !== null) {
        await handle.write(data.subarray(0, data.length >> 1)); // a disk that fills up midway: part of the temp file is written
        throw fault;
      }
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined); // keep the original error
    throw writeErrorOf(error, path, `could not write '${path}'`, await keptOnFailure(path));
  }
  try {
    await syncDirectory(dirname(path));
  } catch (error) {
    throw writeErrorOf(error, path, `could not flush the folder of '${path}' to disk after replacing it`);
  }
}
