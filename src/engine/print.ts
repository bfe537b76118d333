// A readable text form of a traced graph, for debugging and for tests that read like the graph.
import { type Tensor, nodesFor } from './graph.js';
import type { AttrValue } from './op.js';
import { fmt } from './shape.js';

function attrText(v: AttrValue): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (typeof v === 'object') {
    const a = v as { dtype: string; shape: readonly number[]; data: Float64Array };
    return a.data.length <= 8 ? `${a.dtype}${fmt(a.shape)}{${Array.from(a.data).join(', ')}}` : `${a.dtype}${fmt(a.shape)}{...}`;
  }
  return String(v);
}

export function graphToText(outputs: Readonly<Record<string, Tensor>>): string {
  const outs = Object.values(outputs);
  if (outs.length === 0) return 'graph() {}';
  const graph = outs[0].graph;
  const name = (t: Tensor) => graph.inputOf(t)?.name ?? String(t.id);
  const lines: string[] = [];
  const inputs = [...graph.inputs.values()].map((i) => `%${i.name}: ${i.tensor.dtype}${fmt(i.tensor.shape)} ${i.kind}`);
  lines.push(`graph(${inputs.join(', ')}) {`);
  for (const n of nodesFor(outs)) {
    const lhs = n.outputs.map((o) => `%${o.id}: ${o.dtype}${fmt(o.shape)}`).join(', ');
    const args = n.inputs.map((i) => `%${name(i)}`).join(', ');
    const attrs = Object.entries(n.attrs).map(([k, v]) => `${k}=${attrText(v)}`).join(', ');
    lines.push(`  ${lhs} = ${n.op.type}(${args})${attrs ? ` {${attrs}}` : ''}`);
  }
  lines.push(`  return ${Object.entries(outputs).map(([k, t]) => `${k}=%${name(t)}`).join(', ')}`);
  lines.push('}');
  return lines.join('\n');
}
