// The traced KL term of the sequence VAE: closed-form Gaussian KL per dimension, and the free-bits floor the loss uses.
import type { Tensor } from '../../engine/graph.js';
import { add, div, exp, max, mul, reduceSum, reshape, sub } from '../../engine/ops/index.js';
import type { FreeBitsMode } from './config.js';

/** KL(N(mu, exp(logVar)) || N(0, 1)) of every dimension: 0.5 (mu^2 + exp(logVar) - logVar - 1), (B, Z) -> (B, Z). */
export function gaussianKlPerDimension(mu: Tensor, logVar: Tensor): Tensor {
  return mul(sub(add(mul(mu, mu), exp(logVar)), add(logVar, 1)), 0.5);
}

export interface KlTerms {
  /** The true KL per real sentence, averaged over the batch (what is reported), never floored: scalar. */
  kl: Tensor;
  /** The KL the loss uses: `kl` itself, or its free-bits version. */
  klForLoss: Tensor;
}

/**
 * Batch means over real sentences only: realRows (B) is 1 for a sentence and 0 for a padding row, `sentences` its
 * sum. Free bits (Kingma et al. 2016) act on the batch average, as in the paper: 'total' gives max(freeBits, KL),
 * 'dimension' gives sum_d max(freeBits, KL_d) with KL_d averaged over the batch. Below the floor the KL gets no
 * gradient, so the encoder may spend those nats for free.
 */
export function klTerms(klPerDimension: Tensor, realRows: Tensor, sentences: Tensor, freeBits: number, mode: FreeBitsMode): KlTerms {
  const [B] = klPerDimension.shape;
  const weighted = mul(klPerDimension, reshape(realRows, [B, 1])); // (B, Z) * (B) -> (B, 1) -> (B, Z)
  const perDimension = div(reduceSum(weighted, [0]), sentences); // (B, Z) -> (Z)
  const kl = reduceSum(perDimension); // (Z) -> ()
  if (freeBits === 0) return { kl, klForLoss: kl };
  const klForLoss = mode === 'total' ? max(kl, freeBits) : reduceSum(max(perDimension, freeBits)); // () or (Z) -> ()
  return { kl, klForLoss };
}
