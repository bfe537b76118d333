// Float64 host arrays for the reference interpreter: every dtype is held as float64 values.
import type { DType } from './dtype.js';
import { type Shape, numel, strides, fmt, ShapeError } from './shape.js';

export interface NDArray {
  readonly dtype: DType;
  readonly shape: Shape;
  readonly data: Float64Array;
}

export function nd(dtype: DType, shape: Shape, data?: ArrayLike<number> | Float64Array): NDArray {
  const n = numel(shape);
  const arr = data === undefined ? new Float64Array(n) : Float64Array.from(data);
  if (arr.length !== n) throw new ShapeError(`nd: ${n} values needed for shape ${fmt(shape)}, got ${arr.length}`);
  return { dtype, shape: [...shape], data: arr };
}

/** Multi-index iteration helper: for each flat output index, the flat index into a broadcast input. */
export function broadcastIndexer(inShape: Shape, outShape: Shape): (flat: number) => number {
  const rank = outShape.length;
  const padded = new Array<number>(rank - inShape.length).fill(1).concat(inShape);
  const inStrides = strides(padded);
  const outStrides = strides(outShape);
  const same = padded.every((d, i) => d === outShape[i]);
  if (same) return (flat) => flat;
  return (flat) => {
    let idx = 0;
    let rem = flat;
    for (let i = 0; i < rank; i++) {
      const c = Math.floor(rem / outStrides[i]);
      rem -= c * outStrides[i];
      if (padded[i] !== 1) idx += c * inStrides[i];
    }
    return idx;
  };
}

/** Unravel a flat index into coordinates. */
export function unravel(flat: number, shape: Shape): number[] {
  const coords = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    coords[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return coords;
}

/** Round a float64 value as the dtype would store it (float32 rounding, integer truncation). */
export function castValue(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32': return v; // the reference keeps float64 precision for float tensors
    case 'int32': return Math.trunc(v) | 0;
    case 'int64': return Math.trunc(v);
    case 'bool': return v !== 0 ? 1 : 0;
  }
}
