// Bounded reads from an open file: readers of untrusted files read a checked header before anything else, never the whole file at once.
import type { FileHandle } from 'node:fs/promises';

/** Exactly `length` bytes at `position` (fewer only if the file shrank while being read). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(length - filled, 1 << 30), position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}
