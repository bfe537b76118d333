// Lower a traced graph to an ONNX ModelProto (opset 18) that onnxruntime can run.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto; // onnx-proto is CommonJS: take the namespace from its default export
import { type Tensor, type Graph, nodesFor } from './graph.js';
import { onnxDataType } from './dtype.js';
import { LowerContext } from './lower-context.js';

export const OPSET = 18;

function valueInfo(name: string, t: Tensor): OnnxTypes.IValueInfoProto {
  return { name, type: { tensorType: { elemType: onnxDataType(t.dtype), shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } } };
}

export interface OnnxModel {
  bytes: Uint8Array;
  nodeCount: number;
  /** Names of the graph inputs, all declared inputs of the traced graph, in declaration order. */
  inputNames: string[];
  outputNames: string[];
}

/** Encode the nodes that compute `outputs` (keyed by output name). Every declared input becomes a model input. */
export function toOnnx(graph: Graph, outputs: Readonly<Record<string, Tensor>>, modelName = 'textforge'): OnnxModel {
  const ctx = new LowerContext();
  const names = new Map<Tensor, string>();
  for (const inp of graph.inputs.values()) names.set(inp.tensor, inp.name);
  // A node output that is exactly one model output takes that name directly (no Identity copy).
  const claimed = new Set<Tensor>();
  for (const [key, t] of Object.entries(outputs)) {
    if (graph.inputs.has(key)) throw new RangeError(`toOnnx: output '${key}' must not reuse the name of an input`);
    if (t.node !== null && !claimed.has(t)) {
      names.set(t, key);
      claimed.add(t);
    }
  }
  const nameOf = (t: Tensor): string => {
    let n = names.get(t);
    if (n === undefined) {
      n = `t${t.id}`;
      names.set(t, n);
    }
    return n;
  };
  const nodes = nodesFor(Object.values(outputs));
  for (const node of nodes) {
    node.op.lower(ctx, node.inputs.map(nameOf), node.outputs.map(nameOf), node.attrs);
  }
  for (const [key, t] of Object.entries(outputs)) {
    if (nameOf(t) !== key) ctx.emit('Identity', [nameOf(t)], key);
  }
  const inputs = [...graph.inputs.values()];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'textforge',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: modelName,
      node: ctx.nodes,
      initializer: ctx.initializers,
      input: inputs.map((i) => valueInfo(i.name, i.tensor)),
      output: Object.entries(outputs).map(([k, t]) => valueInfo(k, t)),
    },
  });
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    nodeCount: ctx.nodes.length,
    inputNames: inputs.map((i) => i.name),
    outputNames: Object.keys(outputs),
  };
}
