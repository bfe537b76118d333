// Atomic file replacement (temp file, fsync, rename, fsync directory), so a crash never leaves a checkpoint or run file half-written.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

let tempCounter = 0;
let checkpointWrites = 0;

/**
 * Test-only fault injection: with TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE=N the process kills itself
 * (SIGKILL) halfway through writing the N-th .safetensors file, as a power cut or OOM kill would.
 */
function killPointReached(path: string): boolean {
  const target = Number(process.env.TEXTFORGE_KILL_DURING_CHECKPOINT_WRITE);
  if (!path.endsWith('.safetensors') || !Number.isInteger(target) || target < 1) return false;
  checkpointWrites += 1;
  return checkpointWrites === target;
}

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

/**
 * Replaces `path` with `bytes` atomically: readers see either the old file or the complete new one.
 * On failure the temp file is removed and the error rethrown; `path` is untouched unless the rename happened.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tempPath = tempPathFor(path);
  try {
    const handle = await open(tempPath, 'wx');
    try {
      if (killPointReached(path)) {
        const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
        await handle.write(data.subarray(0, data.length >> 1));
        await handle.sync();
        process.kill(process.pid, 'SIGKILL');
      }
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => undefined); // keep the original error
    throw error;
  }
  await syncDirectory(dirname(path));
}
