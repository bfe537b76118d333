// Vanilla (Elman) RNN layer: h_t = tanh(x_t Wx + h_{t-1} Wh + b), PyTorch's formulation with one folded bias.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, matmul, tanh } from '../engine/ops/index.js';
import { Parameters, uniformInit } from './parameters.js';
import { type Params, type RecurrentLayer, type RecurrentState, zerosBH } from './recurrent.js';

export class ElmanRNN implements RecurrentLayer {
  readonly wx: string;
  readonly wh: string;
  readonly bias: string;

  constructor(readonly name: string, readonly inputSize: number, readonly hiddenSize: number, params: Parameters, rng: Rng) {
    const bound = 1 / Math.sqrt(hiddenSize);
    this.wx = params.create(`${name}.wx`, [inputSize, hiddenSize], uniformInit(bound), rng);
    this.wh = params.create(`${name}.wh`, [hiddenSize, hiddenSize], uniformInit(bound), rng);
    this.bias = params.create(`${name}.bias`, [hiddenSize], uniformInit(bound), rng);
  }

  project(p: Params, x: Tensor): Tensor {
    return add(matmul(x, p[this.wx]), p[this.bias]); // (N, In) @ (In, H) -> (N, H)
  }

  cell(p: Params, projected: Tensor, prev: RecurrentState | null): RecurrentState {
    return { h: tanh(prev ? add(matmul(prev.h, p[this.wh]), projected) : projected) }; // (B, H)
  }

  zeroState(batch: number, like: Tensor): RecurrentState {
    return { h: zerosBH(like, batch, this.hiddenSize) };
  }
}
