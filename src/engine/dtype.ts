// Element types a traced tensor can have, and their ONNX and typed-array counterparts.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto; // onnx-proto is CommonJS: take the namespace from its default export

export type DType = 'float32' | 'int32' | 'int64' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'int32', 'int64', 'bool'];

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32';
}

export function isInteger(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'int64';
}

export function onnxDataType(dtype: DType): number {
  const DT = onnx.TensorProto.DataType;
  switch (dtype) {
    case 'float32': return DT.FLOAT;
    case 'int32': return DT.INT32;
    case 'int64': return DT.INT64;
    case 'bool': return DT.BOOL;
  }
}

/** The typed array ORT uses for a dtype (int64 is BigInt64Array, bool is Uint8Array). */
export type HostArray = Float32Array | Int32Array | BigInt64Array | Uint8Array;

export function allocHost(dtype: DType, size: number): HostArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'int64': return new BigInt64Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

export function hostDType(data: HostArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'bool';
}
