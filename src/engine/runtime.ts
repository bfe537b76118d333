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

export type Session = ort.InferenceSession;
export type OrtTensor = ort.Tensor;

export async function createSession(bytes: Uint8Array, options: RuntimeOptions = {}): Promise<Session> {
  return ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: options.optimization ?? 'all',
    intraOpNumThreads: options.threads ?? defaultThreads(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
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
