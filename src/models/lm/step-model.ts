// The language model as a StepModel for the decoders: the token decoder's one step program (recurrent) or its prefix re-run (Transformer).
import type { StepModel } from '../../decode/step-model.js';
import { decoderStepModel, type PrefixDecodeState, type RecurrentDecodeState } from '../../nn/decoder-step.js';
import type { LanguageModel } from './model.js';

export type { PrefixDecodeState, RecurrentDecodeState } from '../../nn/decoder-step.js';

const NAMES = { step: 'lm_decode_step', prefix: 'lm_prefix_step' };

export function recurrentStepModel(model: LanguageModel): StepModel<RecurrentDecodeState> {
  if (model.transformer) throw new RangeError('recurrentStepModel: the language model must be recurrent, got a Transformer');
  return decoderStepModel(model.decoder, model.params, { names: NAMES }) as StepModel<RecurrentDecodeState>;
}

export function prefixStepModel(model: LanguageModel): StepModel<PrefixDecodeState> {
  if (!model.transformer) throw new RangeError('prefixStepModel: the language model must be a Transformer');
  return decoderStepModel(model.decoder, model.params, { names: NAMES }) as StepModel<PrefixDecodeState>;
}

export function lmStepModel(model: LanguageModel): StepModel<RecurrentDecodeState> | StepModel<PrefixDecodeState> {
  return decoderStepModel(model.decoder, model.params, { names: NAMES });
}
