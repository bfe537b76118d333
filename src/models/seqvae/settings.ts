// Every setting of a sequence-VAE training run, with defaults; stored as the run's config.json.
import { DATA_DEFAULTS, LOOP_DEFAULTS, SCHEDULE_DEFAULTS, withOverrides, type DataSettings, type LoopSettings, type ScheduleSettings } from '../../train/settings.js';
import type { KlScheduleKind } from '../../train/kl-schedule.js';
import { SEQVAE_PRESETS, TRANSFORMER_DECODER_DEFAULTS, type SeqVaeConfig, type SeqVaePreset, type SeqVaeCell, type SeqVaeDecoder, type SeqVaeConditioning, type FreeBitsMode } from './config.js';

export interface SeqVaeSettings extends DataSettings, LoopSettings, ScheduleSettings {
  preset: SeqVaePreset;
  encoderCell?: SeqVaeCell;
  decoderCell?: SeqVaeDecoder;
  bidirectional?: boolean;
  embedSize?: number;
  hiddenSize?: number;
  latentSize?: number;
  conditioning?: SeqVaeConditioning;
  wordDropout?: number;
  freeBits?: number;
  freeBitsMode?: FreeBitsMode;
  embeddingDropout?: number;
  outputDropout?: number;
  tied?: boolean;
  /** Transformer decoder: blocks and attention heads. */
  decoderLayers?: number;
  heads?: number;
  /** KL annealing: constant (beta throughout), linear, logistic (Bowman), cyclical (Fu et al.). */
  klAnneal: KlScheduleKind;
  /** The final KL weight. */
  beta: number;
  /** linear: steps to reach beta; logistic: the midpoint x0 (k = 10 / klWarmup); cyclical: steps per cycle. */
  klWarmup: number;
  /** Importance samples per sentence for validation and for the final test number. */
  validSamples: number;
  testSamples: number;
}

export const SEQVAE_DEFAULTS: SeqVaeSettings = {
  ...DATA_DEFAULTS,
  ...LOOP_DEFAULTS,
  ...SCHEDULE_DEFAULTS,
  preset: 'tiny',
  klAnneal: 'logistic',
  beta: 1,
  klWarmup: 2500,
  validSamples: 10,
  testSamples: 500,
  out: 'runs/seqvae',
};

/** The model config: the preset with explicit overrides; the Transformer's layers and heads only for a Transformer decoder. */
export function seqVaeConfigOf(s: SeqVaeSettings): SeqVaeConfig {
  const { decoderLayers, heads, ...config } = withOverrides<SeqVaeConfig>({ ...SEQVAE_PRESETS[s.preset], ...TRANSFORMER_DECODER_DEFAULTS }, s);
  if (config.decoderCell === 'transformer') return { ...config, decoderLayers, heads };
  if (s.decoderLayers !== undefined || s.heads !== undefined) throw new RangeError(`seqvae: decoderLayers and heads are for a Transformer decoder, and the decoder is ${config.decoderCell}`);
  return config;
}
