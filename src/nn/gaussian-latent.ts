// A diagonal Gaussian latent variable: heads to mu and logVar, the reparameterisation, the KL to N(0, I) per dimension, free bits, and rows repeated for importance sampling.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { add, div, exp, expand, max, mul, reduceSum, reshape, sub } from '../engine/ops/index.js';
import type { Parameters } from './parameters.js';
import { Linear } from './linear.js';
import type { Params } from './recurrent.js';

/** A batch's Gaussian posterior q(z|x): mean and log-variance, (B, Z) each. */
export interface Posterior {
  mu: Tensor;
  logVar: Tensor;
}

/** Free bits on the batch-mean KL as a whole ('total') or on each dimension's ('dimension'). */
export type FreeBitsMode = 'total' | 'dimension';

/** Two linear heads from a summary (B, S) to the posterior's mu and logVar (B, Z). */
export class GaussianLatent {
  readonly muHead: Linear;
  readonly logVarHead: Linear;

  constructor(readonly inputSize: number, readonly latentSize: number, params: Parameters, rng: Rng, names: { mu: string; logVar: string } = { mu: 'mu', logVar: 'log_var' }) {
    this.muHead = new Linear(names.mu, inputSize, latentSize, params, rng);
    this.logVarHead = new Linear(names.logVar, inputSize, latentSize, params, rng);
  }

  /** (B, S) @ (S, Z) -> (B, Z) for each head. */
  posterior(p: Params, summary: Tensor): Posterior {
    return { mu: this.muHead.forward(p, summary), logVar: this.logVarHead.forward(p, summary) };
  }
}

/** The standard-normal noise eps (B, Z) as a random graph input named 'eps', filled from the seeded generator before every run. */
export function latentNoise(like: Tensor, B: number, Z: number): Tensor {
  return like.graph.random('eps', [B, Z], { dist: 'normal' });
}

/** The reparameterisation z = mu + exp(0.5 logVar) * eps, with eps ~ N(0, I) of the same shape (B, Z). */
export function reparameterize(posterior: Posterior, eps: Tensor): Tensor {
  return add(posterior.mu, mul(exp(mul(posterior.logVar, 0.5)), eps));
}

/** KL(N(mu, exp(logVar)) || N(0, 1)) of every dimension: 0.5 (mu^2 + exp(logVar) - logVar - 1), (B, Z) -> (B, Z). */
export function gaussianKlPerDimension(mu: Tensor, logVar: Tensor): Tensor {
  return mul(sub(add(mul(mu, mu), exp(logVar)), add(logVar, 1)), 0.5);
}

export interface KlTerms {
  /** The true KL per real row, averaged over the batch (what is reported), never floored: scalar. */
  kl: Tensor;
  /** The KL the loss uses: `kl` itself, or its free-bits version. */
  klForLoss: Tensor;
}

/**
 * Batch means over real rows only: realRows (B) is 1 for a real row and 0 for a padding row, `rows` its sum.
 * Free bits (Kingma et al. 2016) act on the batch average, as in the paper: 'total' gives max(freeBits, KL),
 * 'dimension' gives sum_d max(freeBits, KL_d) with KL_d averaged over the batch. Below the floor the KL gets no
 * gradient, so the encoder may spend those nats for free.
 */
export function klTerms(klPerDimension: Tensor, realRows: Tensor, rows: Tensor, freeBits: number, mode: FreeBitsMode): KlTerms {
  const [B] = klPerDimension.shape;
  const weighted = mul(klPerDimension, reshape(realRows, [B, 1])); // (B, Z) * (B) -> (B, 1) -> (B, Z)
  const perDimension = div(reduceSum(weighted, [0]), rows); // (B, Z) -> (Z)
  const kl = reduceSum(perDimension); // (Z) -> ()
  if (freeBits === 0) return { kl, klForLoss: kl };
  const klForLoss = mode === 'total' ? max(kl, freeBits) : reduceSum(max(perDimension, freeBits)); // () or (Z) -> ()
  return { kl, klForLoss };
}

/** Repeat each row K times, keeping a row's copies together (K importance samples per row): (B, ...) -> (B * K, ...). */
export function repeatRows(t: Tensor, K: number): Tensor {
  const [B, ...rest] = t.shape;
  const copies = expand(reshape(t, [B, 1, ...rest]), [B, K, ...rest]); // (B, ...) -> (B, 1, ...) -> (B, K, ...)
  return reshape(copies, [B * K, ...rest]); // (B, K, ...) -> (B*K, ...)
}
