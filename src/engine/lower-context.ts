// The builder ops lower into: ONNX NodeProtos, fresh value names and cached constants.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto; // onnx-proto is CommonJS: take the namespace from its default export
import type { NDArray } from './ndarray.js';
import { onnxDataType, type DType } from './dtype.js';

type OnnxAttr = number | string | readonly number[] | { tensor: NDArray };


export function tensorProto(name: string, a: NDArray): OnnxTypes.ITensorProto {
  const dims = [...a.shape];
  const dataType = onnxDataType(a.dtype);
  let raw: Uint8Array;
  switch (a.dtype) {
    case 'float32': raw = new Uint8Array(Float32Array.from(a.data).buffer); break;
    case 'int32': raw = new Uint8Array(Int32Array.from(a.data).buffer); break;
    case 'int64': raw = new Uint8Array(BigInt64Array.from(Array.from(a.data, (v) => BigInt(v))).buffer); break;
    case 'bool': raw = Uint8Array.from(a.data); break;
  }
  return { name, dims, dataType, rawData: raw };
}

function encodeAttr(name: string, v: OnnxAttr): OnnxTypes.IAttributeProto {
  const AT = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: AT.INT, i: v };
  if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AT.INTS, ints: [...(v as number[])] };
  if ('tensor' in v) return { name, type: AT.TENSOR, t: tensorProto('', v.tensor) };
  throw new TypeError(`lower: attribute '${name}' has an unsupported value`);
}

export class LowerContext {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private counter = 0;
  private readonly constCache = new Map<string, string>();

  fresh(prefix: string): string {
    return `${prefix}__${this.counter++}`;
  }

  /** Emit one node; returns its output names (fresh names unless given). */
  node(opType: string, inputs: readonly string[], attrs: Record<string, OnnxAttr | undefined> = {}, outputs: number | readonly string[] = 1, domain = ''): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
    const attribute = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => encodeAttr(k, v as OnnxAttr));
    this.nodes.push({ opType, domain, name: this.fresh(`n_${opType}`), input: [...inputs], output: outs, attribute });
    return outs;
  }

  /** Emit one single-output node writing `output`. */
  emit(opType: string, inputs: readonly string[], output: string, attrs: Record<string, OnnxAttr | undefined> = {}): void {
    this.node(opType, inputs, attrs, [output]);
  }

  /** A cached constant initializer. */
  constant(dtype: DType, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `${dtype}|${dims.join(',')}|${values.join(',')}`;
    let name = this.constCache.get(key);
    if (name === undefined) {
      name = this.fresh('const');
      this.initializers.push(tensorProto(name, { dtype, shape: dims, data: Float64Array.from(values) }));
      this.constCache.set(key, name);
    }
    return name;
  }

  int64s(values: readonly number[]): string {
    return this.constant('int64', values);
  }

  initializer(name: string, a: NDArray): void {
    this.initializers.push(tensorProto(name, a));
  }
}
