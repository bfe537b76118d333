// The float64 reference interpreter: runs any traced graph with each op's plain-loop reference.
import { type Tensor, nodesFor } from './graph.js';
import type { NDArray } from './ndarray.js';
import { fmt, sameShape } from './shape.js';

export class FeedError extends RangeError {
  override name = 'FeedError';
}

/** Evaluate `outputs` given float64 feeds for the graph inputs they need. */
export function evaluate(outputs: readonly Tensor[], feeds: Readonly<Record<string, NDArray>>): NDArray[] {
  if (outputs.length === 0) return [];
  const graph = outputs[0].graph;
  const values = new Map<Tensor, NDArray>();
  for (const inp of graph.inputs.values()) {
    const v = feeds[inp.name];
    if (v === undefined) continue;
    if (v.dtype !== inp.tensor.dtype || !sameShape(v.shape, inp.tensor.shape)) {
      throw new FeedError(`input '${inp.name}' must be ${inp.tensor.dtype}${fmt(inp.tensor.shape)}, got ${v.dtype}${fmt(v.shape)}`);
    }
    values.set(inp.tensor, v);
  }
  const need = (t: Tensor): NDArray => {
    const v = values.get(t);
    if (v !== undefined) return v;
    const inp = graph.inputOf(t);
    throw new FeedError(`input '${inp?.name ?? t.toString()}' is missing in 'feeds'`);
  };
  for (const node of nodesFor(outputs)) {
    const results = node.op.reference(node.inputs.map(need), node.attrs);
    node.outputs.forEach((o, i) => values.set(o, results[i]));
  }
  return outputs.map(need);
}
