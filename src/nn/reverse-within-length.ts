// Reverses each row of a right-padded batch of token ids within its own length, in the graph, for a backward encoder.
import type { Tensor } from '../engine/graph.js';
import { cast, constant, gatherElements, less, reduceSum, sub, where } from '../engine/ops/index.js';

/**
 * ids (B, T) int32 and mask (B, T) float (1 on the row's L real positions, a prefix) -> (B, T): row b becomes
 * ids[b, L-1], ..., ids[b, 0] followed by its padding unchanged. The gather index is computed in the graph from
 * the mask, so a bidirectional encoder needs no extra data input and every graph (training, evaluation, encoding)
 * reverses the same way; the reversed row keeps its real tokens at the front, so the same mask serves both directions.
 */
export function reverseWithinLength(ids: Tensor, mask: Tensor): Tensor {
  const [, T] = ids.shape;
  const positions = constant(ids.graph, Array.from({ length: T }, (_, t) => t), 'float32', [1, T]); // (1, T)
  const lengths = reduceSum(mask, [1], true); // (B, T) -> (B, 1)
  const mirrored = sub(sub(lengths, 1), positions); // L - 1 - t: (B, T)
  const source = where(less(positions, lengths), mirrored, positions); // padding positions read themselves
  return gatherElements(ids, cast(source, 'int32'), 1); // (B, T) along time
}
