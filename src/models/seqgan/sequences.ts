// Fixed-length token sequences in one flat array, (count, length), with <pad> after an <eos>: SeqGAN's samples, rollouts and discriminator data.
import type { Rng } from '../../engine/random.js';
import { selectRowsOf } from '../../nn/decoder-step.js';

export interface Sequences {
  /** (count, length) token ids, row-major. */
  readonly data: Int32Array;
  readonly count: number;
  readonly length: number;
}

export function sequencesOf(rows: readonly Int32Array[], length: number, pad = 0): Sequences {
  const data = new Int32Array(rows.length * length).fill(pad);
  rows.forEach((row, i) => data.set(row.subarray(0, length), i * length));
  return { data, count: rows.length, length };
}

export function rowOf(s: Sequences, i: number): Int32Array {
  return s.data.subarray(i * s.length, (i + 1) * s.length);
}

export function rowsOf(s: Sequences): Int32Array[] {
  return Array.from({ length: s.count }, (_, i) => rowOf(s, i));
}

/** The rows `indices` of s, in that order. */
export function selectRows(s: Sequences, indices: ArrayLike<number>): Sequences {
  return { data: selectRowsOf(s.data, s.length, indices), count: indices.length, length: s.length };
}

/** Concatenate sets of the same length. */
export function concatSequences(parts: readonly Sequences[]): Sequences {
  const length = parts[0].length;
  for (const p of parts) if (p.length !== length) throw new RangeError(`sequences: every part must have length ${length}, got ${p.length}`);
  const data = new Int32Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  return { data, count: data.length / length, length };
}

/** A seeded permutation of 0..count-1 in batches of at most batchSize. */
export function shuffledBatches(count: number, batchSize: number, rng: Rng): Int32Array[] {
  const order = rng.permutation(count);
  const out: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize) out.push(order.subarray(start, Math.min(count, start + batchSize)));
  return out;
}
