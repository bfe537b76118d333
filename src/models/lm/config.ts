// Language-model configuration: the decoder family, sizes and regularisation, with named presets.
export type LmCell = 'lstm' | 'gru' | 'rnn' | 'transformer';

export interface LmConfig {
  /** Decoder family: recurrent cells or a causal Transformer. */
  cell: LmCell;
  layers: number;
  /** Token embedding width (the Transformer's model width). */
  embedSize: number;
  /** Recurrent state width (ignored by the Transformer, which uses embedSize). */
  hiddenSize: number;
  /** Attention heads (Transformer only). */
  heads: number;
  /** Dropout on embeddings, between layers and before the output (Zaremba et al. 2014). */
  dropout: number;
  /** Share the output projection with the embedding table (Press & Wolf 2017). */
  tied: boolean;
  /** Longest sequence the Transformer's positional encoding covers. */
  maxLength: number;
  /** Uniform initialisation bound for every weight (Zaremba: 0.1 small, 0.05 medium); 0 keeps each layer's default. */
  initScale: number;
}

export const LM_PRESETS = {
  /** A few seconds per epoch on small corpora: for demos and tests. */
  tiny: { cell: 'lstm', layers: 1, embedSize: 64, hiddenSize: 128, heads: 4, dropout: 0, tied: false, maxLength: 128, initScale: 0 },
  /** Zaremba et al.'s small PTB model: 2 x 200 LSTM, no dropout, uniform(-0.1, 0.1). */
  small: { cell: 'lstm', layers: 2, embedSize: 200, hiddenSize: 200, heads: 4, dropout: 0, tied: false, maxLength: 128, initScale: 0.1 },
  /** Zaremba et al.'s medium PTB model: 2 x 650 LSTM, dropout 0.5, uniform(-0.05, 0.05). */
  medium: { cell: 'lstm', layers: 2, embedSize: 650, hiddenSize: 650, heads: 10, dropout: 0.5, tied: false, maxLength: 128, initScale: 0.05 },
} as const satisfies Record<string, LmConfig>;

export type LmPreset = keyof typeof LM_PRESETS;

export function validateLmConfig(c: LmConfig): void {
  const where = 'lm config';
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must be a positive integer, got ${v}`);
  };
  if (!['lstm', 'gru', 'rnn', 'transformer'].includes(c.cell)) throw new RangeError(`${where}: cell must be lstm, gru, rnn or transformer, got ${c.cell}`);
  positiveInt('layers', c.layers);
  positiveInt('embedSize', c.embedSize);
  positiveInt('hiddenSize', c.hiddenSize);
  positiveInt('heads', c.heads);
  positiveInt('maxLength', c.maxLength);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new RangeError(`${where}: dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.initScale >= 0)) throw new RangeError(`${where}: initScale must be >= 0, got ${c.initScale}`);
  if (c.cell === 'transformer' && c.embedSize % c.heads !== 0) throw new RangeError(`${where}: embedSize must be divisible by heads, got ${c.embedSize} and ${c.heads}`);
}
