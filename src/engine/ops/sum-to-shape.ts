// Reduce a broadcast gradient back to an operand's shape: sum over the broadcast axes, then reshape.
import type { Tensor } from '../graph.js';
import { type Shape, sameShape } from '../shape.js';
import { reduceSum } from './reduce-sum.js';
import { reshape } from './reshape.js';

export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? reduceSum(g, axes, true) : g;
  return reshape(summed, shape);
}
