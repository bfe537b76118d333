// Softplus: elementwise log(1 + e^x); computed as max(x, 0) + log1p(e^-|x|) so large |x| neither overflows nor loses the small tail.
import { defineUnary } from './elementwise.js';
import { unaryFn } from './binary-args.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';

export const Softplus = defineUnary({
  type: 'Softplus',
  f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  grad: (x, _y, g) => mul(g, sigmoid(x)),
});

export const softplus = unaryFn(Softplus);
