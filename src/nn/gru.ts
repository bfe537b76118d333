// GRU layer (Cho et al. 2014, PyTorch's formulation: the reset gate multiplies the projected hidden state).
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, sub, mul, matmul, split, sigmoid, tanh } from '../engine/ops/index.js';
import { Parameters, uniformInit } from './parameters.js';
import { type Params, type RecurrentLayer, type RecurrentState, zerosBH } from './recurrent.js';

export class GRU implements RecurrentLayer {
  readonly wx: string;
  readonly wh: string;
  readonly biasX: string;
  readonly biasH: string;

  constructor(readonly name: string, readonly inputSize: number, readonly hiddenSize: number, params: Parameters, rng: Rng) {
    const bound = 1 / Math.sqrt(hiddenSize);
    const H3 = 3 * hiddenSize;
    this.wx = params.create(`${name}.wx`, [inputSize, H3], uniformInit(bound), rng);
    this.wh = params.create(`${name}.wh`, [hiddenSize, H3], uniformInit(bound), rng);
    this.biasX = params.create(`${name}.bias_x`, [H3], uniformInit(bound), rng);
    this.biasH = params.create(`${name}.bias_h`, [H3], uniformInit(bound), rng);
  }

  project(p: Params, x: Tensor): Tensor {
    return add(matmul(x, p[this.wx]), p[this.biasX]); // (N, In) @ (In, 3H) -> (N, 3H), gates r, z, n
  }

  cell(p: Params, projected: Tensor, prev: RecurrentState | null): RecurrentState {
    const H = this.hiddenSize;
    const [xrz, xn] = split(projected, 1, [2 * H, H]); // (B, 2H), (B, H)
    if (prev === null) {
      // h_prev = 0: the hidden projection is just its bias
      const [hrz, hn] = split(p[this.biasH], 0, [2 * H, H]);
      const [r, z] = split(sigmoid(add(xrz, hrz)), 1, 2);
      const n = tanh(add(xn, mul(r, hn)));
      return { h: sub(n, mul(z, n)) }; // (1 - z) * n + z * 0
    }
    const hw = add(matmul(prev.h, p[this.wh]), p[this.biasH]); // (B, H) @ (H, 3H) -> (B, 3H)
    const [hrz, hn] = split(hw, 1, [2 * H, H]);
    const [r, z] = split(sigmoid(add(xrz, hrz)), 1, 2); // 2 x (B, H)
    const n = tanh(add(xn, mul(r, hn)));
    return { h: add(n, mul(z, sub(prev.h, n))) }; // (1 - z) * n + z * h
  }

  zeroState(batch: number, like: Tensor): RecurrentState {
    return { h: zerosBH(like, batch, this.hiddenSize) };
  }
}
