// Named float32 buffers with shapes, double-buffered: a step reads the current set and writes the spare one.
import { fmt, numel, sameShape, type Shape } from './shape.js';

export class BufferSet {
  private current = new Map<string, Float32Array>();
  private spare = new Map<string, Float32Array>();
  private readonly shapes = new Map<string, Shape>();

  add(name: string, shape: Shape, values?: Float32Array): void {
    if (this.shapes.has(name)) throw new RangeError(`buffers: '${name}' exists already`);
    const n = numel(shape);
    if (values !== undefined && values.length !== n) throw new RangeError(`buffers: '${name}' needs ${n} values for shape ${fmt(shape)}, got ${values.length}`);
    this.shapes.set(name, [...shape]);
    this.current.set(name, values ?? new Float32Array(n));
    this.spare.set(name, new Float32Array(n));
  }

  has(name: string): boolean {
    return this.shapes.has(name);
  }

  names(): string[] {
    return [...this.shapes.keys()];
  }

  shape(name: string): Shape {
    const s = this.shapes.get(name);
    if (s === undefined) throw new RangeError(`buffers: no buffer named '${name}'`);
    return s;
  }

  /** The current values (valid until the next swap). */
  get(name: string): Float32Array {
    this.shape(name);
    return this.current.get(name)!;
  }

  /** The buffer the next step writes into. */
  next(name: string): Float32Array {
    this.shape(name);
    return this.spare.get(name)!;
  }

  /** Make the freshly written buffers current. */
  swap(names: readonly string[]): void {
    for (const n of names) {
      const c = this.current.get(n)!;
      this.current.set(n, this.spare.get(n)!);
      this.spare.set(n, c);
    }
  }

  /** Overwrite current values (checkpoint load, rollout-network copies). */
  set(name: string, shape: Shape, values: Float32Array): void {
    const s = this.shape(name);
    if (!sameShape(s, shape)) throw new RangeError(`buffers: '${name}' has shape ${fmt(s)}, got ${fmt(shape)}`);
    this.current.get(name)!.set(values);
  }

  get size(): number {
    let n = 0;
    for (const s of this.shapes.values()) n += numel(s);
    return n;
  }
}
