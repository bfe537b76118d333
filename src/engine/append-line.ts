// Appending one line to a log file (metrics.jsonl): a failed append is cut back off, so a full disk leaves no partial line when truncation still works.
import { open } from 'node:fs/promises';
import { injectedWriteFailure } from './fault-injection.js';
import { writeErrorOf } from './write-error.js';

/**
 * Appends `line` (which should end in '\n') to `path`. On failure the file is truncated back to its old length
 * (best effort: if that fails too, readers skip the unparsable last line and resume rewrites the file) and a one-line WriteError is thrown.
 */
export async function appendLine(path: string, line: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'a');
  } catch (error) {
    throw writeErrorOf(error, path, `could not append to '${path}'`);
  }
  let length = 0;
  try {
    length = (await handle.stat()).size;
    const fault = injectedWriteFailure(path);
    if (fault !== null) {
      await handle.write(line.slice(0, line.length >> 1)); // a disk that fills up midway leaves part of the line
      throw fault;
    }
    await handle.write(line);
  } catch (error) {
    const cutBack = await handle.truncate(length).then(() => true, () => false); // keep the original error
    throw writeErrorOf(error, path, `could not append to '${path}'`, cutBack ? 'its earlier lines are intact' : undefined);
  } finally {
    await handle.close();
  }
}
