// The only importer of onnxruntime-node: session creation with textforge's defaults, and host tensors.
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { DType, HostArray } from './dtype.js';

export interface RuntimeOptions {
  /** Intra-op threads; defaults to TEXTFORGE_THREADS or the machine's cores (at most 8). */
  threads?: number;
  /** ORT graph optimisation level; 'all' was about 5% faster than 'basic' on the LSTM step. */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

export function defaultThreads(): number {
  const env = Number(process.env.TEXTFORGE_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/**
 * Whether glibc's heap pools freed memory for reuse: mmap disabled for large blocks (MALLOC_MMAP_MAX_=0) and no trimming
 * below 1 GiB (MALLOC_TRIM_THRESHOLD_), as the `textforge` command's first line sets them. glibc reads these only at
 * process start, so this is decided once. With them, every session allocates from one shared heap and ORT's per-session
 * arena is turned off: ORT keeps one arena per session, that is per feed shape, each the size of its shape's peak, so
 * sentence batches of a dozen lengths over a 10,000-word vocabulary held 10.7 GB, where the shared heap holds 1.7-3.2 GB
 * and runs as fast or faster (tmp measurement in the PTB note). Without them, turning the arena off would make every
 * step fault in fresh pages (4x slower), so the arena stays on.
 */
export function sharedHeapPooling(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MALLOC_MMAP_MAX_ === '0' && Number(env.MALLOC_TRIM_THRESHOLD_) >= 2 ** 30;
}

const pooledHeap = sharedHeapPooling();

export type Session = ort.InferenceSession;
export type OrtTensor = ort.Tensor;

export async function createSession(bytes: Uint8Array, options: RuntimeOptions = {}): Promise<Session> {
  return ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: options.optimization ?? 'all',
    intraOpNumThreads: options.threads ?? defaultThreads(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
    enableCpuMemArena: !pooledHeap,
  });
}

export function hostTensor(dtype: DType, data: HostArray, shape: readonly number[]): OrtTensor {
  return new ort.Tensor(dtype, data, shape);
}

export type Feeds = Record<string, OrtTensor>;
export type Fetches = Record<string, OrtTensor | null>;

export async function runSession(session: Session, feeds: Feeds, fetches: Fetches): Promise<Record<string, OrtTensor>> {
  return (await session.run(feeds, fetches)) as Record<string, OrtTensor>;
}

/** The onnxruntime-node version in use (compress records it: kernels, and so bits, may change between versions). */
export function onnxRuntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}
