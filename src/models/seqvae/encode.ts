// Encodes sentences to their posterior means and log-variances on the host, in input order (for encode, interpolation and analysis).
import { compile, type CompiledFunction } from '../../engine/compile.js';
import { materialize, sentenceBatches } from '../../data/batches.js';
import { encodeGraph } from './graphs.js';
import type { SeqVae } from './model.js';

export interface EncodeOptions {
  batchSize: number;
  /** The longest sentence in tokens. */
  maxLen: number;
}

/** mu and logVar of every sentence, row-major (N, Z), row n for encoded[n]. */
export interface EncodedPosteriors {
  mu: Float32Array;
  logVar: Float32Array;
}

const encoders = new WeakMap<SeqVae, CompiledFunction>();

function encoderOf(model: SeqVae): CompiledFunction {
  let fn = encoders.get(model);
  if (fn === undefined) {
    fn = compile({ params: model.params, name: 'seqvae_encode', build: encodeGraph(model) });
    encoders.set(model, fn);
  }
  return fn;
}

/** q(z|x) of each encoded sentence (word ids, no <bos>/<eos>); deterministic, no sampling. */
export async function encodeSentences(model: SeqVae, encoded: readonly Int32Array[], options: EncodeOptions): Promise<EncodedPosteriors> {
  if (encoded.length === 0) throw new RangeError(`encodeSentences: sentences must be non-empty, got 0 sentences`);
  const Z = model.latentSize;
  const mu = new Float32Array(encoded.length * Z); // (N, Z)
  const logVar = new Float32Array(encoded.length * Z);
  const fn = encoderOf(model);
  for (const batch of sentenceBatches(encoded, options)) {
    const b = materialize(batch, encoded);
    const out = await fn.run({ x: { data: b.x, shape: b.shape }, mask: { data: b.mask, shape: b.shape } });
    batch.sentences.forEach((index, row) => {
      mu.set((out.mu.data as Float32Array).subarray(row * Z, (row + 1) * Z), index * Z);
      logVar.set((out.logVar.data as Float32Array).subarray(row * Z, (row + 1) * Z), index * Z);
    });
  }
  return { mu, logVar };
}
