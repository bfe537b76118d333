// The sequence VAE's compiled graphs: the training loss, the evaluation pieces for K posterior samples, and the encoder alone.
import type { BuildFn } from '../../engine/compile.js';
import { add, div, min, mul, reduceSum } from '../../engine/ops/index.js';
import { gaussianKlPerDimension, klTerms, latentNoise, repeatRows } from '../../nn/gaussian-latent.js';
import type { SeqVae } from './model.js';

/**
 * Training: data x, y, mask (B, T) as materialize() gives them (padding rows fully masked), the scalar input
 * 'klWeight', and the random input 'eps' (B, Z) ~ N(0, I) for z = mu + exp(0.5 logVar) * eps. Per real sentence:
 * rec = summed NLL of its tokens, KL in closed form; the batch means give loss = rec + klWeight * klForLoss (klForLoss
 * is the free-bits KL when freeBits > 0). Outputs loss, rec, kl (the true KL, never floored) and tokens.
 */
export function trainLoss(model: SeqVae): BuildFn {
  return ({ graph, data, params }) => {
    const { x, y, mask } = data;
    const [B] = x.shape;
    const klWeight = graph.scalar('klWeight');
    const posterior = model.encode(params, x, mask);
    const eps = latentNoise(x, B, model.latentSize); // (B, Z)
    const z = model.reparameterize(posterior, eps); // (B, Z)
    const nll = model.sentenceNll(params, x, y, mask, z, true); // (B), 0 on padding rows
    const realRows = min(reduceSum(mask, [1]), 1); // (B, T) -> (B): 1 for a sentence, 0 for a padding row
    const sentences = reduceSum(realRows);
    const rec = div(reduceSum(nll), sentences);
    const { kl, klForLoss } = klTerms(gaussianKlPerDimension(posterior.mu, posterior.logVar), realRows, sentences, model.config.freeBits, model.config.freeBitsMode);
    return { loss: add(rec, mul(klWeight, klForLoss)), rec, kl, tokens: reduceSum(mask) };
  };
}

/**
 * Evaluation, deterministic: data x, y, mask (B, T) and eps (B * K, Z), K standard-normal draws per sentence made on
 * the host (row b * K + k). Feeding eps rather than z lets one run encode and decode: z = mu + sigma * eps is formed in
 * the graph. Outputs mu, logVar (B, Z), the samples z (B * K, Z) and nll (B * K), the reconstruction NLL
 * -log p(x | z) of each sentence under each of its samples; the host turns these into the ELBO, the
 * importance-weighted NLL, MI and active units.
 */
export function evalBatch(model: SeqVae): BuildFn {
  return ({ data, params }) => {
    const { x, y, mask, eps } = data;
    const [B] = x.shape;
    const K = eps.shape[0] / B;
    if (!Number.isInteger(K) || K < 1 || eps.shape[1] !== model.latentSize) {
      throw new RangeError(`evalBatch: eps must have shape (B * K, Z) = (${B} * K, ${model.latentSize}), got [${eps.shape.join(', ')}]`);
    }
    const { mu, logVar } = model.encode(params, x, mask);
    const z = model.reparameterize({ mu: repeatRows(mu, K), logVar: repeatRows(logVar, K) }, eps); // (B*K, Z)
    const nll = model.sentenceNll(params, repeatRows(x, K), repeatRows(y, K), repeatRows(mask, K), z, false); // (B*K)
    return { mu, logVar, z, nll };
  };
}

/** Encoding: data x, mask (B, T) -> the posterior's mu and logVar (B, Z) (for `encode`, interpolation, MI and active units). */
export function encodeGraph(model: SeqVae): BuildFn {
  return ({ data, params }) => {
    const { mu, logVar } = model.encode(params, data.x, data.mask);
    return { mu, logVar };
  };
}
