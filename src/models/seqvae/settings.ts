// Every setting of a sequence-VAE training run: one table (kind, default, help, rule), the typed settings and the model config they derive.
import { DATA_SETTINGS, LOOP_SETTINGS, SCHEDULE_SETTINGS, withOverrides, type DataSettings, type LoopSettings, type ScheduleSettings } from '../../train/settings.js';
import { KL_SCHEDULE_DEFAULTS, type KlSchedule, type KlScheduleKind } from '../../train/kl-schedule.js';
import { defaultsOf, withDefaults, type SettingsTable } from '../../train/settings-table.js';
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

export const SEQVAE_SETTINGS: SettingsTable = {
  ...DATA_SETTINGS,
  preset: { kind: 'choice', choices: ['tiny', 'ptb', 'sentenceVae'], default: 'tiny', help: 'tiny, ptb or sentenceVae' },
  encoderCell: { kind: 'choice', choices: ['lstm', 'gru'], help: 'lstm or gru' },
  decoderCell: { kind: 'choice', choices: ['lstm', 'gru', 'transformer'], help: 'lstm, gru or transformer' },
  decoderLayers: { kind: 'int', help: 'Transformer decoder: blocks (default 2)' },
  heads: { kind: 'int', help: 'Transformer decoder: attention heads, dividing --embed-size (default 4)' },
  bidirectional: { kind: 'boolean', help: 'bidirectional encoder' },
  embedSize: { kind: 'int', help: 'embedding width' },
  hiddenSize: { kind: 'int', help: 'recurrent width' },
  latentSize: { kind: 'int', help: 'latent dimensions Z' },
  conditioning: { kind: 'choice', choices: ['init', 'input', 'both'], help: 'z enters the decoder through its initial state, every input, or both' },
  wordDropout: { kind: 'number', min: 0, max: 1, help: 'rate of decoder input words replaced by <unk>, in [0, 1]' },
  freeBits: { kind: 'number', min: 0, max: 1e6, help: 'KL floor (nats >= 0)' },
  embeddingDropout: { kind: 'number', min: 0, max: 1, maxOpen: true, help: 'dropout on the decoder input embeddings, in [0, 1)' },
  outputDropout: { kind: 'number', min: 0, max: 1, maxOpen: true, help: 'dropout on the decoder outputs before the vocabulary projection, in [0, 1)' },
  tied: { kind: 'boolean', help: 'share the embedding table with the vocabulary projection (needs --hidden-size equal to --embed-size)' },
  freeBitsMode: { kind: 'choice', choices: ['total', 'dimension'], help: 'total or dimension' },
  klAnneal: { kind: 'choice', choices: ['constant', 'linear', 'logistic', 'cyclical'], default: 'logistic', help: 'constant, linear, logistic (Bowman) or cyclical (Fu et al.)' },
  beta: { kind: 'number', min: 0, max: 1e6, default: 1, help: 'final KL weight (>= 0)' },
  klWarmup: { kind: 'int', default: 2500, help: 'linear: steps to beta; logistic: midpoint; cyclical: steps per cycle' },
  validSamples: { kind: 'int', default: 10, help: 'importance samples per sentence when validating' },
  testSamples: { kind: 'int', default: 500, resumable: true, help: 'importance samples per sentence for the test number' },
  ...SCHEDULE_SETTINGS,
  ...withDefaults(LOOP_SETTINGS, { out: 'runs/seqvae' }),
};

export const SEQVAE_DEFAULTS: SeqVaeSettings = defaultsOf(SEQVAE_SETTINGS);

export function klScheduleOf(s: SeqVaeSettings, totalSteps: number): KlSchedule {
  return {
    ...KL_SCHEDULE_DEFAULTS, kind: s.klAnneal, beta: s.beta, warmupSteps: s.klWarmup,
    logisticX0: s.klWarmup, logisticK: 10 / s.klWarmup,
    totalSteps: Math.max(1, totalSteps), cycles: Math.max(1, Math.round(totalSteps / s.klWarmup)),
  };
}

/** The model config: the preset with explicit overrides; the Transformer's layers and heads only for a Transformer decoder. */
export function seqVaeConfigOf(s: SeqVaeSettings): SeqVaeConfig {
  const { decoderLayers, heads, ...config } = withOverrides<SeqVaeConfig>({ ...SEQVAE_PRESETS[s.preset], ...TRANSFORMER_DECODER_DEFAULTS }, s);
  if (config.decoderCell === 'transformer') return { ...config, decoderLayers, heads };
  if (s.decoderLayers !== undefined || s.heads !== undefined) throw new RangeError(`seqvae: decoderLayers and heads are for a Transformer decoder, and the decoder is ${config.decoderCell}`);
  return config;
}
