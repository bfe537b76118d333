// Sequence VAE configuration (Bowman et al. 2016): cells, sizes, how z conditions the decoder, and the knobs against posterior collapse.
export type SeqVaeCell = 'lstm' | 'gru';

/** The decoder: a recurrent cell, or a causal Transformer (pre-layer-norm, sinusoidal positions) of width embedSize. */
export type SeqVaeDecoder = SeqVaeCell | 'transformer';

/** How z reaches the decoder: its initial state, every input step, or both. */
export type SeqVaeConditioning = 'init' | 'input' | 'both';

import type { FreeBitsMode } from '../../nn/gaussian-latent.js';

/** Free bits (Kingma et al. 2016): a floor on the whole KL, or on each latent dimension's KL. */
export type { FreeBitsMode } from '../../nn/gaussian-latent.js';

export interface SeqVaeConfig {
  encoderCell: SeqVaeCell;
  /** Also read each sentence right to left and concatenate both final states before the mu / logVar heads. */
  bidirectional: boolean;
  decoderCell: SeqVaeDecoder;
  /** Token embedding width, shared by the encoder and the decoder. */
  embedSize: number;
  /** Recurrent state width of the encoder (per direction) and of the decoder. */
  hiddenSize: number;
  /** Z: the latent code's dimension. */
  latentSize: number;
  /**
   * 'init': h0 = tanh(Linear(z)) (and c0 = 0 for an LSTM); 'input': z concatenated to every decoder input
   * (h0 = 0); 'both': the two together. For a Transformer decoder, 'init' puts Linear(z) in front of the sentence as
   * one extra position every token attends to (the attention counterpart of an initial state), and 'input' adds
   * Linear(z) to every input embedding (concatenating z and projecting back to the model width is the same map).
   */
  conditioning: SeqVaeConditioning;
  /**
   * Probability that a decoder input token other than <bos> is replaced by <unk> during training (Bowman's word
   * dropout, on token ids); 1 gives an inputless decoder that must take everything from z.
   */
  wordDropout: number;
  /** KL floor in nats (0 turns free bits off); see freeBitsMode. */
  freeBits: number;
  /**
   * 'total': the loss uses max(freeBits, KL) with KL the batch mean per sentence; 'dimension': sum_d max(freeBits, KL_d)
   * with KL_d each dimension's KL averaged over the batch (Kingma et al. 2016).
   */
  freeBitsMode: FreeBitsMode;
  /** Dropout on the decoder's input embeddings during training (default 0); a Transformer decoder also applies it to its attention weights and residual branches. */
  embeddingDropout?: number;
  /** Dropout on the decoder's outputs before the vocabulary projection during training (default 0; Zaremba et al.'s placement). */
  outputDropout?: number;
  /** Share the embedding table with the vocabulary projection (Press & Wolf 2017); a recurrent decoder needs hiddenSize == embedSize. */
  tied?: boolean;
  /** Transformer decoder only: blocks (default 2). */
  decoderLayers?: number;
  /** Transformer decoder only: attention heads, dividing embedSize (default 4). */
  heads?: number;
}

/**
 * Presets. `ptb` is the model of recipes/seqvae-ptb.json, the run behind the README's PTB numbers. Conditioning 'both'
 * puts z one step away from every prediction, so using it is cheap for the decoder. Free bits of 0.15 nats per
 * dimension: a dimension whose batch-mean KL is under the floor costs nothing, so the encoder can spread information
 * over all 32 units instead of the KL term pushing them, one by one, back to the prior (4.8 nats of KL in all; that run
 * kept KL near 4.7 with all 32 units active through its first nine epochs). Word dropout 0.2 hides a fifth of the
 * decoder's inputs so z pays for its KL; embedding and output dropout 0.4 and tied embeddings are the regularisation
 * of the same code's PTB language model. The encoder reads one direction, as Bowman et al.'s; a bidirectional one costs
 * a second encoder pass and mostly helps long sentences.
 */
export const SEQVAE_PRESETS = {
  /** Seconds per epoch on small corpora: for demos and tests. */
  tiny: { encoderCell: 'lstm', bidirectional: false, decoderCell: 'lstm', embedSize: 32, hiddenSize: 64, latentSize: 8, conditioning: 'both', wordDropout: 0.3, freeBits: 0, freeBitsMode: 'total', embeddingDropout: 0, outputDropout: 0, tied: false },
  /** A PTB sentence VAE: LSTM 256 with tied embeddings, z 32, free bits per dimension. */
  ptb: { encoderCell: 'lstm', bidirectional: false, decoderCell: 'lstm', embedSize: 256, hiddenSize: 256, latentSize: 32, conditioning: 'both', wordDropout: 0.2, freeBits: 0.15, freeBitsMode: 'dimension', embeddingDropout: 0.4, outputDropout: 0.4, tied: true },
  /** The PyTorch Sentence-VAE reimplementation: GRU 256, embedding 300, z 16, z to the initial state only, embedding dropout 0.5. */
  sentenceVae: { encoderCell: 'gru', bidirectional: false, decoderCell: 'gru', embedSize: 300, hiddenSize: 256, latentSize: 16, conditioning: 'init', wordDropout: 0, freeBits: 0, freeBitsMode: 'total', embeddingDropout: 0.5, outputDropout: 0, tied: false },
} as const satisfies Record<string, SeqVaeConfig>;

export type SeqVaePreset = keyof typeof SEQVAE_PRESETS;

const KEYS: readonly string[] = ['encoderCell', 'bidirectional', 'decoderCell', 'embedSize', 'hiddenSize', 'latentSize', 'conditioning', 'wordDropout', 'freeBits', 'freeBitsMode', 'embeddingDropout', 'outputDropout', 'tied', 'decoderLayers', 'heads'];

/** The Transformer decoder's defaults for configs that leave them out. */
export const TRANSFORMER_DECODER_DEFAULTS = { decoderLayers: 2, heads: 4 } as const;

/** Checks every field, and rejects unknown keys so a misspelt setting is never silently ignored. */
export function validateSeqVaeConfig(c: SeqVaeConfig): void {
  const where = 'seqvae config';
  if (typeof c !== 'object' || c === null) throw new TypeError(`${where}: config must be an object, got ${c === null ? 'null' : typeof c}`);
  for (const key of Object.keys(c)) {
    if (!KEYS.includes(key)) throw new RangeError(`${where}: keys must be among ${KEYS.join(', ')}, got '${key}'`);
  }
  const oneOf = (name: string, value: unknown, allowed: readonly string[]) => {
    if (!allowed.includes(value as string)) throw new RangeError(`${where}: ${name} must be ${allowed.join(' or ')}, got ${String(value)}`);
  };
  const positiveInt = (name: string, v: number) => {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must be a positive integer, got ${v}`);
  };
  oneOf('encoderCell', c.encoderCell, ['lstm', 'gru']);
  oneOf('decoderCell', c.decoderCell, ['lstm', 'gru', 'transformer']);
  if (typeof c.bidirectional !== 'boolean') throw new TypeError(`${where}: bidirectional must be a boolean, got ${typeof c.bidirectional}`);
  positiveInt('embedSize', c.embedSize);
  positiveInt('hiddenSize', c.hiddenSize);
  positiveInt('latentSize', c.latentSize);
  oneOf('conditioning', c.conditioning, ['init', 'input', 'both']);
  if (!(c.wordDropout >= 0 && c.wordDropout <= 1)) throw new RangeError(`${where}: wordDropout must be in [0, 1], got ${c.wordDropout}`);
  if (!(c.freeBits >= 0 && Number.isFinite(c.freeBits))) throw new RangeError(`${where}: freeBits must be finite and >= 0, got ${c.freeBits}`);
  oneOf('freeBitsMode', c.freeBitsMode, ['total', 'dimension']);
  if (c.tied !== undefined && typeof c.tied !== 'boolean') throw new TypeError(`${where}: tied must be a boolean, got ${typeof c.tied}`);
  if (c.decoderLayers !== undefined) positiveInt('decoderLayers', c.decoderLayers);
  if (c.heads !== undefined) positiveInt('heads', c.heads);
  if (c.decoderCell === 'transformer' && c.embedSize % (c.heads ?? TRANSFORMER_DECODER_DEFAULTS.heads) !== 0) {
    throw new RangeError(`${where}: a Transformer decoder needs embedSize divisible by heads, got ${c.embedSize} and ${c.heads ?? TRANSFORMER_DECODER_DEFAULTS.heads}`);
  }
  if (c.tied && c.decoderCell !== 'transformer' && c.hiddenSize !== c.embedSize) throw new RangeError(`${where}: tied needs hiddenSize equal to embedSize, got ${c.hiddenSize} and ${c.embedSize}`);
  for (const name of ['embeddingDropout', 'outputDropout'] as const) {
    const rate = c[name] ?? 0;
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`${where}: ${name} must be in [0, 1), got ${rate}`);
  }
}
