// LSTM layer (Hochreiter & Schmidhuber 1997, PyTorch's formulation) with gates ordered i, f, o, g.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, mul, matmul, split, sigmoid, tanh } from '../engine/ops/index.js';
import { Parameters, uniformInit } from './parameters.js';
import { type Params, type RecurrentLayer, type RecurrentState, zerosBH } from './recurrent.js';

export class LSTM implements RecurrentLayer {
  readonly wx: string;
  readonly wh: string;
  readonly bias: string;

  constructor(readonly name: string, readonly inputSize: number, readonly hiddenSize: number, params: Parameters, rng: Rng) {
    const bound = 1 / Math.sqrt(hiddenSize); // PyTorch's default initialisation
    const H4 = 4 * hiddenSize;
    this.wx = params.create(`${name}.wx`, [inputSize, H4], uniformInit(bound), rng);
    this.wh = params.create(`${name}.wh`, [hiddenSize, H4], uniformInit(bound), rng);
    this.bias = params.create(`${name}.bias`, [H4], uniformInit(bound), rng);
  }

  project(p: Params, x: Tensor): Tensor {
    return add(matmul(x, p[this.wx]), p[this.bias]); // (N, In) @ (In, 4H) + (4H) -> (N, 4H)
  }

  cell(p: Params, projected: Tensor, prev: RecurrentState | null): RecurrentState {
    const H = this.hiddenSize;
    const gates = prev ? add(matmul(prev.h, p[this.wh]), projected) : projected; // (B, H) @ (H, 4H) + (B, 4H)
    const [sigmoidPart, candidatePart] = split(gates, 1, [3 * H, H]); // (B, 3H), (B, H)
    const [i, f, o] = split(sigmoid(sigmoidPart), 1, 3); // 3 x (B, H)
    const g = tanh(candidatePart);
    const c = prev?.c ? add(mul(f, prev.c), mul(i, g)) : mul(i, g); // zero initial cell: f * 0 dropped
    return { h: mul(o, tanh(c)), c };
  }

  zeroState(batch: number, like: Tensor): RecurrentState {
    return { h: zerosBH(like, batch, this.hiddenSize), c: zerosBH(like, batch, this.hiddenSize) };
  }
}
