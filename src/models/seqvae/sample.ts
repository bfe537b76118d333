// Sentences from the sequence VAE's prior: z ~ N(0, I) drawn from the seed, then decoded with any strategy.
import { Rng } from '../../engine/random.js';
import { decode } from '../../decode/decode.js';
import type { DecodedSequence } from '../../decode/options.js';
import type { DecodeStrategy } from '../../decode/strategy.js';
import { BOS, EOS } from '../../data/vocab.js';
import { priorCodes } from '../../nn/latent-codes.js';
import { latentStepModel } from './step-model.js';
import type { SeqVae } from './model.js';

export interface PriorSampleOptions {
  count: number;
  /** The codes come from new Rng(seed).fork('prior'), the sampled tokens from its 'decode' fork: same seed, same sentences. */
  seed: number;
  /** The most tokens per sentence (the end token not counted). */
  maxLength: number;
  /** Default: sampling at temperature 1. */
  strategy?: DecodeStrategy;
}

/** `count` sentences decoded from prior codes, with the codes themselves (count, Z). */
export async function sampleFromPrior(model: SeqVae, options: PriorSampleOptions): Promise<{ z: Float32Array; sequences: DecodedSequence[] }> {
  const { count, seed, maxLength } = options;
  const root = new Rng(seed);
  const z = priorCodes(root.fork('prior'), count, model.latentSize);
  const sequences = await decode(latentStepModel(model, z, count), {
    strategy: options.strategy ?? { kind: 'sample' },
    count,
    bosToken: BOS,
    eosToken: EOS,
    maxLength,
    rng: root.fork('decode'),
  });
  return { z, sequences };
}
