// Named trainable parameters with seeded initialisers, stored as double-buffered float32 arrays.
import { BufferSet } from '../engine/buffers.js';
import type { Rng } from '../engine/random.js';
import { numel, type Shape } from '../engine/shape.js';

/** Fills a fresh parameter array from the seeded generator. */
export type Initializer = (out: Float32Array, shape: Shape, rng: Rng) => void;

export const zeros: Initializer = (out) => out.fill(0);
export const ones: Initializer = (out) => out.fill(1);
export const constantInit = (value: number): Initializer => (out) => out.fill(value);
export const normalInit = (std: number): Initializer => (out, _shape, rng) => rng.fillNormal(out, 0, std);
export const uniformInit = (bound: number): Initializer => (out, _shape, rng) => rng.fillUniform(out, -bound, bound);
/** Glorot/Xavier uniform over the last two axes (fan-in, fan-out). */
export const xavierInit: Initializer = (out, shape, rng) => {
  const fanIn = shape.length >= 2 ? shape[shape.length - 2] : shape[0];
  const fanOut = shape[shape.length - 1];
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  rng.fillUniform(out, -bound, bound);
};

export class Parameters extends BufferSet {
  /** Create a parameter initialised from `rng` (a stream forked per name, so adding one never shifts the others). */
  create(name: string, shape: Shape, init: Initializer, rng: Rng): string {
    const values = new Float32Array(numel(shape));
    init(values, shape, rng.fork(name));
    this.add(name, shape, values);
    return name;
  }

  /** Number of scalar parameters. */
  count(): number {
    return this.size;
  }
}
