// The sequence VAE's decoder as a StepModel for a batch of latent codes: the shared token decoder's step program (state from z) or prefix re-run (with z).
import type { StepModel } from '../../decode/step-model.js';
import { decoderStepModel, type PrefixDecodeState, type RecurrentDecodeState } from '../../nn/decoder-step.js';
import { TRANSFORMER_MAX_LENGTH, type SeqVae } from './model.js';

/** Decoding state: each row's latent code and recurrent state (h0, and c0 for an LSTM; null before the first step, which derives them from z). */
export type LatentDecodeState = RecurrentDecodeState & { z: Float32Array };

/** Transformer decoding state: each row's latent code and the tokens it has consumed, (batch, length) row-major. */
export type LatentPrefixState = PrefixDecodeState & { z: Float32Array };

const NAMES = { step: 'seqvae_decode_step', initial: 'seqvae_decode_init', prefix: 'seqvae_prefix_step' };

/**
 * A StepModel decoding from the latent codes z (B, Z), row-major. initialState(batch) accepts batch = B, or a
 * multiple R * B as beam search asks for (R beams per code: row b * R + r decodes from z_b). selectRows reorders
 * the codes with the decoder's state, so beam search keeps each hypothesis with its own z.
 */
export function latentStepModel(model: SeqVae, z: Float32Array, B: number): StepModel<LatentDecodeState | LatentPrefixState> {
  // the prefix position z may take is always reserved, so every conditioning reads the same longest sentence
  const options = { names: NAMES, codes: { z, B }, maxTokens: TRANSFORMER_MAX_LENGTH - 1, where: 'latentStepModel' };
  return decoderStepModel(model.tokenDecoder, model.params, options) as StepModel<LatentDecodeState | LatentPrefixState>;
}
