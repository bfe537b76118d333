// Position information for attention models: a fixed sinusoidal table (Vaswani et al. 2017) or a learned (maxLength, E) table.
import type { Graph, Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { constant, slice } from '../engine/ops/index.js';
import { Parameters, normalInit } from './parameters.js';

export type PositionKind = 'sinusoidal' | 'learned';

/**
 * The sinusoidal table as row-major (T, E) values: row t, columns 2i and 2i + 1 hold
 * sin(t / 10000^(2i / E)) and cos(t / 10000^(2i / E)), so every pair turns at its own frequency.
 */
export function sinusoidalTable(length: number, width: number): Float64Array {
  const table = new Float64Array(length * width);
  for (let t = 0; t < length; t++) {
    for (let column = 0; column < width; column++) {
      const pair = Math.floor(column / 2);
      const angle = t / Math.pow(10000, (2 * pair) / width);
      table[t * width + column] = column % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/** The sinusoidal table as a constant float32 tensor (T, E). */
export function sinusoidalPositions(graph: Graph, length: number, width: number): Tensor {
  return constant(graph, sinusoidalTable(length, width), 'float32', [length, width]);
}

/** Positions 0 .. T - 1 as vectors of width E, added to token embeddings; learned positions own one Parameters entry. */
export class PositionalEncoding {
  /** The parameter name of the learned (maxLength, E) table, or null for sinusoidal positions. */
  readonly table: string | null;

  constructor(readonly name: string, readonly kind: PositionKind, readonly maxLength: number, readonly width: number, params: Parameters, rng: Rng, std = Math.SQRT1_2) {
    if (kind !== 'sinusoidal' && kind !== 'learned') throw new RangeError(`${name}: positions must be 'sinusoidal' or 'learned', got '${String(kind)}'`);
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`${name}: maxLength must be an integer >= 1, got ${maxLength}`);
    // std 1/sqrt(2) matches the mean square of the sinusoidal entries, so both kinds start at one scale
    this.table = kind === 'learned' ? params.create(`${name}.table`, [maxLength, width], normalInit(std), rng) : null;
  }

  /** The encodings of positions 0 .. length - 1: (T, E). */
  forward(p: Readonly<Record<string, Tensor>>, graph: Graph, length: number): Tensor {
    if (!Number.isInteger(length) || length < 1 || length > this.maxLength) {
      throw new RangeError(`${this.name}: sequence length must be an integer in [1, ${this.maxLength}] (maxLength), got ${length}`);
    }
    if (this.table === null) return sinusoidalPositions(graph, length, this.width);
    const table = p[this.table]; // (maxLength, E)
    return length === this.maxLength ? table : slice(table, 0, 0, length); // (T, E)
  }
}
