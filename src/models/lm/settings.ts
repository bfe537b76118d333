// Every setting of a language-model training run, with defaults; stored as the run's config.json.
import { DATA_DEFAULTS, LOOP_DEFAULTS, SCHEDULE_DEFAULTS, withOverrides, type DataSettings, type LoopSettings, type ScheduleSettings } from '../../train/settings.js';
import { LM_PRESETS, type LmConfig, type LmPreset, type LmCell } from './config.js';

export interface LmSettings extends DataSettings, LoopSettings, ScheduleSettings {
  preset: LmPreset;
  /** Overrides of the preset. */
  cell?: LmCell;
  layers?: number;
  embedSize?: number;
  hiddenSize?: number;
  heads?: number;
  dropout?: number;
  tied?: boolean;
  /** sentence: each line on its own (the VAE/GAN papers); stream: truncated BPTT over the running text (the LM papers). */
  mode: 'sentence' | 'stream';
  /** Chunk length in stream mode. */
  bptt: number;
  optimizer: 'adam' | 'sgd';
  /** Validate at the end of every this many epochs (default 1); SeqGAN's MLE phase scores NLL-oracle every 10. */
  evalEveryEpochs?: number;
}

export const LM_DEFAULTS: LmSettings = {
  ...DATA_DEFAULTS,
  ...LOOP_DEFAULTS,
  ...SCHEDULE_DEFAULTS,
  preset: 'tiny',
  mode: 'sentence',
  bptt: 35,
  optimizer: 'adam',
  lr: 2e-3,
  out: 'runs/lm',
};

/** The model configuration: the preset with the explicit overrides applied. */
export function modelConfigOf(s: LmSettings): LmConfig {
  const config = withOverrides<LmConfig>(LM_PRESETS[s.preset], s);
  return { ...config, maxLength: Math.max(LM_PRESETS[s.preset].maxLength, s.mode === 'stream' ? s.bptt : s.maxLen + 1) };
}
