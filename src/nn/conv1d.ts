// 1-D convolution over time as unfold + one MatMul, and max-over-time pooling: the CNN text discriminator's parts.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { concat, reshape, slice, reduceMax, relu } from '../engine/ops/index.js';
import { ShapeError, fmt } from '../engine/shape.js';
import { Linear } from './linear.js';
import type { Parameters } from './parameters.js';

/**
 * Unfold windows of `width` steps: x (B, T, C) -> (B, T - width + 1, width * C), window k holding
 * x[:, t + k, :] at channels [k C, (k + 1) C). Built from Slice and Concat, so it needs no gradient of its own.
 */
export function unfoldTime(x: Tensor, width: number): Tensor {
  const [, T] = x.shape;
  if (x.rank !== 3) throw new ShapeError(`unfoldTime: input must be (B, T, C), got ${fmt(x.shape)}`);
  if (!Number.isInteger(width) || width < 1 || width > T) throw new ShapeError(`unfoldTime: width must be an integer in [1, ${T}], got ${width}`);
  const steps = T - width + 1;
  const windows = Array.from({ length: width }, (_, k) => slice(x, 1, k, k + steps)); // width x (B, T', C)
  return concat(windows, 2); // (B, T', width * C)
}

/** A valid (unpadded) convolution over time with `filters` output channels. */
export class Conv1d {
  readonly projection: Linear;

  constructor(readonly name: string, readonly channels: number, readonly filters: number, readonly width: number, params: Parameters, rng: Rng) {
    this.projection = new Linear(name, width * channels, filters, params, rng, { foldBias: false });
  }

  /** x (B, T, C) -> (B, T - width + 1, filters). */
  forward(p: Readonly<Record<string, Tensor>>, x: Tensor): Tensor {
    const [B, T] = x.shape;
    const steps = T - this.width + 1;
    const windows = reshape(unfoldTime(x, this.width), [B * steps, this.width * this.channels]); // (B*T', wC)
    return reshape(this.projection.forward(p, windows), [B, steps, this.filters]); // (B*T', F) -> (B, T', F)
  }
}

/** ReLU then the maximum over time, (B, T', F) -> (B, F), computed as relu(max_t x): the same (ReLU is monotone) on T' times fewer values. */
export function reluMaxOverTime(x: Tensor): Tensor {
  return relu(reduceMax(x, [1]));
}
