// GELU with the tanh approximation (Hendrycks & Gimpel 2016), composed from Mul, Add and Tanh so autodiff needs no new op.
import type { Tensor } from '../engine/graph.js';
import { add, mul, tanh } from '../engine/ops/index.js';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

/** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), written as x (0.5 + 0.5 tanh(x (a + b x^2))): 8 elementwise nodes. */
export function gelu(x: Tensor): Tensor {
  const slope = add(mul(mul(x, x), SQRT_2_OVER_PI * CUBIC), SQRT_2_OVER_PI); // a + b x^2
  const gate = add(mul(tanh(mul(x, slope)), 0.5), 0.5); // 0.5 (1 + tanh(...)), in (0, 1)
  return mul(x, gate);
}
