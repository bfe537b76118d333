// Test helpers converting float64 reference arrays to the host typed arrays ORT takes.
import type { NDArray } from '../../src/engine/ndarray.js';
import { hostTensor, type OrtTensor } from '../../src/engine/runtime.js';
import type { HostArray } from '../../src/engine/dtype.js';

export function toHostArray(a: NDArray): HostArray {
  switch (a.dtype) {
    case 'float32': return Float32Array.from(a.data);
    case 'int32': return Int32Array.from(a.data);
    case 'int64': return BigInt64Array.from(Array.from(a.data, (v) => BigInt(v)));
    case 'bool': return Uint8Array.from(a.data);
  }
}

export function toOrt(a: NDArray): OrtTensor {
  return hostTensor(a.dtype, toHostArray(a), a.shape);
}

export function hostToNumbers(data: ArrayLike<number | bigint>): number[] {
  return Array.from(data as ArrayLike<number>, (v) => Number(v));
}
