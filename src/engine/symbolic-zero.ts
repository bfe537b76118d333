// Symbolic zeros: the gradients autodiff invents for outputs that never reached the loss, so VJPs can skip them.
import type { Tensor } from './graph.js';

const ZEROS = new WeakSet<Tensor>();

export function markSymbolicZero(t: Tensor): Tensor {
  ZEROS.add(t);
  return t;
}

/** True for an all-zero gradient autodiff made up (not for tensors that merely happen to be zero). */
export function isSymbolicZero(t: Tensor): boolean {
  return ZEROS.has(t);
}
