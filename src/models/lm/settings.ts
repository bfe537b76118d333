// Every setting of a language-model training run: one table (kind, default, help, rule), the typed settings and the model config they derive.
import { DATA_SETTINGS, LOOP_SETTINGS, SCHEDULE_SETTINGS, withOverrides, type DataSettings, type LoopSettings, type ScheduleSettings } from '../../train/settings.js';
import { defaultsOf, withDefaults, type SettingsTable } from '../../train/settings-table.js';
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
}

export const LM_SETTINGS: SettingsTable = {
  ...DATA_SETTINGS,
  preset: { kind: 'choice', choices: ['tiny', 'small', 'medium'], default: 'tiny', help: 'model preset: tiny (1x128 LSTM), small (2x200 LSTM, Zaremba), medium (2x650 LSTM)' },
  cell: { kind: 'choice', choices: ['lstm', 'gru', 'rnn', 'transformer'], help: "decoder: lstm, gru, rnn or transformer (default: the preset's)" },
  layers: { kind: 'int', help: 'decoder layers' },
  embedSize: { kind: 'int', help: 'embedding width' },
  hiddenSize: { kind: 'int', help: 'recurrent state width' },
  heads: { kind: 'int', help: 'attention heads, Transformer only' },
  dropout: { kind: 'number', min: 0, max: 1, maxOpen: true, help: 'dropout rate in [0, 1)' },
  tied: { kind: 'boolean', help: 'tie the output projection to the embedding table' },
  mode: { kind: 'choice', choices: ['sentence', 'stream'], default: 'sentence', help: 'sentence: lines on their own; stream: truncated BPTT over running text' },
  bptt: { kind: 'int', default: 35, help: 'stream chunk length' },
  optimizer: { kind: 'choice', choices: ['adam', 'sgd'], default: 'adam', help: 'adam or sgd' },
  ...SCHEDULE_SETTINGS,
  ...withDefaults(LOOP_SETTINGS, { lr: 2e-3, out: 'runs/lm' }),
};

export const LM_DEFAULTS: LmSettings = defaultsOf(LM_SETTINGS);

/** The model configuration: the preset with the explicit overrides applied. */
export function modelConfigOf(s: Pick<LmSettings, 'preset' | 'mode' | 'bptt' | 'maxLen'> & Partial<LmConfig>): LmConfig {
  const config = withOverrides<LmConfig>(LM_PRESETS[s.preset], s);
  return { ...config, maxLength: Math.max(LM_PRESETS[s.preset].maxLength, s.mode === 'stream' ? s.bptt : s.maxLen + 1) };
}
