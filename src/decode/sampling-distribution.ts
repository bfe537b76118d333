// The distribution a sampler draws from: the model's row with banned tokens removed, tempered, then top-k and top-p filtered.
import type { SampleStrategy } from './strategy.js';
import { softmaxWithTemperature } from './softmax.js';
import { keepTopK } from './top-k.js';
import { keepTopP } from './top-p.js';
import { withBannedRemoved } from './banned-tokens.js';

/**
 * Probabilities (V) for the next token: banned tokens get 0, the rest are softmax(logProbs / temperature),
 * then only the topK most probable survive, then only the top-p nucleus of those, renormalised after each step.
 * `scratch` (V) is overwritten.
 */
export function samplingDistribution(logProbs: ArrayLike<number>, strategy: SampleStrategy, bannedMask: Uint8Array, scratch: Float64Array): Float64Array {
  let probs = softmaxWithTemperature(withBannedRemoved(logProbs, bannedMask, scratch), strategy.temperature ?? 1);
  if (strategy.topK !== undefined && strategy.topK < probs.length) probs = keepTopK(probs, strategy.topK);
  if (strategy.topP !== undefined && strategy.topP < 1) probs = keepTopP(probs, strategy.topP);
  return probs;
}
