// Save and restore a BufferSet (parameters or optimizer state) through a checked safetensors checkpoint.
import type { BufferSet } from './buffers.js';
import { checkExpected, loadCheckpoint, saveCheckpoint, type ExpectedTensors, type StoredTensor } from './checkpoint.js';

/** Write the buffer sets to one or more checkpoint files (the same bytes, encoded once). */
export async function saveBuffers(path: string | readonly string[], sets: Readonly<Record<string, BufferSet>>, metadata: unknown): Promise<void> {
  const tensors: Record<string, StoredTensor> = {};
  for (const [prefix, set] of Object.entries(sets)) {
    for (const n of set.names()) tensors[`${prefix}/${n}`] = { dtype: 'float32', shape: [...set.shape(n)], data: set.get(n) };
  }
  await saveCheckpoint(path, tensors, metadata);
}

/** Load into existing buffer sets; every name, shape and dtype must match exactly. Returns the metadata. */
export async function loadBuffers(path: string, sets: Readonly<Record<string, BufferSet>>): Promise<unknown> {
  const expected: ExpectedTensors = {};
  for (const [prefix, set] of Object.entries(sets)) {
    for (const n of set.names()) expected[`${prefix}/${n}`] = { dtype: 'float32', shape: set.shape(n) };
  }
  const { tensors, metadata } = await loadCheckpoint(path, expected);
  for (const [prefix, set] of Object.entries(sets)) {
    for (const n of set.names()) {
      const t = tensors[`${prefix}/${n}`];
      set.set(n, t.shape, t.data as Float32Array);
    }
  }
  return metadata;
}

/** Load only the `prefix/...` tensors of a checkpoint into one buffer set (e.g. parameters for sampling). */
export async function loadBufferSet(path: string, prefix: string, set: BufferSet): Promise<unknown> {
  const { tensors, metadata } = await loadCheckpoint(path);
  const expected: ExpectedTensors = {};
  for (const n of set.names()) expected[`${prefix}/${n}`] = { dtype: 'float32', shape: set.shape(n) };
  const mine: Record<string, StoredTensor> = {};
  for (const [k, t] of Object.entries(tensors)) if (k.startsWith(`${prefix}/`)) mine[k] = t;
  checkExpected(`checkpoint ${path}`, mine, expected);
  for (const n of set.names()) set.set(n, set.shape(n), mine[`${prefix}/${n}`].data as Float32Array);
  return metadata;
}
