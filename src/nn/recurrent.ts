// The interface shared by recurrent layers (LSTM, GRU, vanilla RNN) and the time-major unrolling loop.
import type { Tensor } from '../engine/graph.js';
import { add, mul, sub, concat, reshape, split, constant, expand } from '../engine/ops/index.js';

/** Hidden state (B, H); LSTMs also carry a cell state. */
export interface RecurrentState {
  readonly h: Tensor;
  readonly c?: Tensor;
}

export type Params = Readonly<Record<string, Tensor>>;

export interface RecurrentLayer {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Input projection of all time steps at once: (T * B, In) -> (T * B, G). */
  project(p: Params, x: Tensor): Tensor;
  /** One step from a projected input (B, G) and the previous state (null: zeros). */
  cell(p: Params, projected: Tensor, prev: RecurrentState | null): RecurrentState;
  zeroState(batch: number, graphOf: Tensor): RecurrentState;
}

function blend(mask: Tensor, next: Tensor, prev: Tensor): Tensor {
  return add(prev, mul(mask, sub(next, prev))); // mask 1 takes next, 0 keeps prev
}

/**
 * Run a recurrent layer over time-major input x (T, B, In). With a mask (T, B, 1) of 1s and 0s,
 * padded steps keep the previous state, so the final state is the one after each sentence's last token.
 * Returns the per-step outputs (T, B, H) and the final state.
 */
export function unroll(layer: RecurrentLayer, p: Params, x: Tensor, init?: RecurrentState, mask?: Tensor): { outputs: Tensor; state: RecurrentState } {
  const [T, B, In] = x.shape;
  const projected = layer.project(p, reshape(x, [T * B, In])); // (T*B, In) -> (T*B, G)
  const steps = split(projected, 0, T); // T x (B, G)
  const masks = mask ? split(reshape(mask, [T * B, 1]), 0, T) : null; // T x (B, 1)
  let state: RecurrentState | null = init ?? (mask ? layer.zeroState(B, x) : null);
  const hs: Tensor[] = [];
  for (let t = 0; t < T; t++) {
    let next = layer.cell(p, steps[t], state);
    if (masks && state) {
      const m = masks[t];
      next = { h: blend(m, next.h, state.h), c: next.c && state.c ? blend(m, next.c, state.c) : next.c };
    }
    state = next;
    hs.push(state.h);
  }
  const outputs = reshape(concat(hs, 0), [T, B, layer.hiddenSize]); // T x (B, H) -> (T, B, H)
  return { outputs, state: state! };
}

export function zerosBH(like: Tensor, batch: number, hidden: number): Tensor {
  return expand(constant(like.graph, 0), [batch, hidden]);
}
