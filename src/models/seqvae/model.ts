// The sequence VAE of Bowman et al. 2016: a recurrent encoder to a Gaussian posterior over z, and the shared token decoder conditioned on z.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { equal, greater, mul, reduceSum, reshape, softmaxCrossEntropy, transpose, where } from '../../engine/ops/index.js';
import { Parameters } from '../../nn/parameters.js';
import { Embedding } from '../../nn/embedding.js';
import type { Linear } from '../../nn/linear.js';
import type { Params, RecurrentLayer, RecurrentState } from '../../nn/recurrent.js';
import type { TransformerDecoder } from '../../nn/transformer.js';
import { SequenceEncoder } from '../../nn/sequence-encoder.js';
import { GaussianLatent, reparameterize, type Posterior } from '../../nn/gaussian-latent.js';
import { TokenDecoder } from '../../nn/token-decoder.js';
import { BOS, SPECIAL_TOKENS, UNK } from '../../data/vocab.js';
import { TRANSFORMER_DECODER_DEFAULTS, type SeqVaeConfig, validateSeqVaeConfig } from './config.js';

export type { Posterior } from '../../nn/gaussian-latent.js';

/** The longest sentence a Transformer decoder reads (its positions are sinusoidal, so this costs nothing). */
export const TRANSFORMER_MAX_LENGTH = 1024;

export class SeqVae {
  readonly params = new Parameters();
  /** One table for the encoder's and the decoder's tokens. */
  readonly embedding: Embedding;
  readonly encoder: SequenceEncoder;
  readonly latent: GaussianLatent;
  /** The decoder (parameters 'latent_to_*', 'decoder*', 'out.*'), conditioned on z as configured. */
  readonly tokenDecoder: TokenDecoder;

  constructor(readonly config: SeqVaeConfig, readonly vocabSize: number, rng: Rng) {
    validateSeqVaeConfig(config);
    if (!Number.isSafeInteger(vocabSize) || vocabSize < SPECIAL_TOKENS.length) throw new RangeError(`SeqVae: vocabSize must be an integer >= ${SPECIAL_TOKENS.length} (the special tokens), got ${vocabSize}`);
    const { embedSize: E, hiddenSize: H, latentSize: Z, decoderCell: cell } = config;
    if (config.tied && this.decoderWidth !== E) throw new RangeError(`SeqVae: tied embeddings need hiddenSize equal to embedSize, got ${H} and ${E}`);
    this.embedding = new Embedding('embed', vocabSize, E, this.params, rng);
    this.encoder = new SequenceEncoder('encoder', this.embedding, config.encoderCell, H, config.bidirectional, this.params, rng);
    this.latent = new GaussianLatent(this.encoder.summarySize, Z, this.params, rng);
    const transformer = cell === 'transformer';
    const { decoderLayers = TRANSFORMER_DECODER_DEFAULTS.decoderLayers, heads = TRANSFORMER_DECODER_DEFAULTS.heads } = config;
    this.tokenDecoder = new TokenDecoder({
      cell, vocabSize, embedSize: E, hiddenSize: H, layers: transformer ? decoderLayers : 1, tied: config.tied === true,
      heads, maxLength: TRANSFORMER_MAX_LENGTH, layerName: () => 'decoder',
      embedDropout: config.embeddingDropout ?? 0, layerDropout: 0, outputDropout: config.outputDropout ?? 0, outputDropoutName: 'dropout.output',
      conditioning: { size: Z, initialState: this.conditionsInitialState, everyStep: this.conditionsInputs },
    }, this.params, rng, this.embedding);
  }

  get latentSize(): number {
    return this.config.latentSize;
  }

  /** The width of the decoder's outputs: hiddenSize for a recurrent decoder, embedSize for a Transformer. */
  get decoderWidth(): number {
    return this.config.decoderCell === 'transformer' ? this.config.embedSize : this.config.hiddenSize;
  }

  get conditionsInitialState(): boolean {
    return this.config.conditioning !== 'input';
  }

  get conditionsInputs(): boolean {
    return this.config.conditioning !== 'init';
  }

  get encoderForward(): RecurrentLayer {
    return this.encoder.forwardLayer;
  }

  get encoderBackward(): RecurrentLayer | null {
    return this.encoder.backwardLayer;
  }

  get muHead(): Linear {
    return this.latent.muHead;
  }

  get logVarHead(): Linear {
    return this.latent.logVarHead;
  }

  /** z -> the decoder's initial hidden state, or a Transformer's prefix position (conditioning 'init' or 'both'). */
  get latentToHidden(): Linear | null {
    return this.tokenDecoder.latentToInitial;
  }

  /** z -> an offset added to every input embedding (Transformer decoder, conditioning 'input' or 'both'). */
  get latentToInput(): Linear | null {
    return this.tokenDecoder.latentToInput;
  }

  /** The recurrent decoder layer, or null for a Transformer decoder. */
  get decoder(): RecurrentLayer | null {
    return this.tokenDecoder.layers[0] ?? null;
  }

  get transformer(): TransformerDecoder | null {
    return this.tokenDecoder.transformer;
  }

  /**
   * q(z|x) from the tokens x (B, T) read under mask (B, T) (1 on each row's real prefix): the encoder's summary
   * (B, H or 2H) through the mu and logVar heads, (B, Z) each.
   */
  encode(p: Params, x: Tensor, mask: Tensor): Posterior {
    return this.latent.posterior(p, this.encoder.encode(p, x, mask));
  }

  /** The reparameterisation z = mu + exp(0.5 logVar) * eps, with eps ~ N(0, I) of the same shape (B, Z). */
  reparameterize(posterior: Posterior, eps: Tensor): Tensor {
    return reparameterize(posterior, eps);
  }

  /**
   * Word dropout (Bowman et al.): during training every input token except <bos> becomes <unk> with probability
   * wordDropout, drawn from the Bernoulli random input 'wordKeep' (B, T) (1 keeps the token). At wordDropout 1 the
   * decoder sees only <bos> and <unk>, and no random input is needed.
   */
  decoderInputs(x: Tensor, training: boolean): Tensor {
    const rate = this.config.wordDropout;
    if (!training || rate === 0) return x;
    const isBos = equal(x, BOS); // (B, T) bool
    if (rate === 1) return where(isBos, x, UNK);
    const keep = x.graph.random('wordKeep', x.shape, { dist: 'bernoulli', p: 1 - rate }); // (B, T) of 0 / 1
    return where(isBos, x, where(greater(keep, 0.5), x, UNK));
  }

  /** The decoder's initial state from z (B, Z): tanh(Linear(z)) (c0 = 0 for an LSTM), or undefined (zeros) for 'input'. */
  decoderInitialState(p: Params, z: Tensor): RecurrentState | undefined {
    return this.tokenDecoder.initialState(p, z);
  }

  /**
   * Next-token logits for decoder inputs x (B, T) given z (B, Z), in time-major rows (t * B + b) as the language
   * model's: (T * B, V). No mask is needed: padding only follows a sentence, so it cannot change a real position.
   */
  decoderLogits(p: Params, x: Tensor, z: Tensor, training: boolean): Tensor {
    return this.tokenDecoder.forward(p, this.decoderInputs(x, training), { training, condition: z, order: 'time' }).logits;
  }

  /** A Transformer decoder's states for input ids (B, T) given z (B, Z): (B, T, E), z entering as configured. */
  transformerStates(p: Params, ids: Tensor, z: Tensor, training: boolean): Tensor {
    return this.tokenDecoder.transformerStates(p, ids, { training, condition: z });
  }

  /** Decoder outputs (N, H) to next-token logits (N, V), through the embedding table when tied. */
  vocabularyLogits(p: Params, rows: Tensor): Tensor {
    return this.tokenDecoder.project(p, rows);
  }

  /** -log p(y | x, z) of each row: the NLL of its real targets (mask 1) summed over time, (B). */
  sentenceNll(p: Params, x: Tensor, y: Tensor, mask: Tensor, z: Tensor, training: boolean): Tensor {
    const [B, T] = x.shape;
    const nll = softmaxCrossEntropy(this.decoderLogits(p, x, z, training), timeRows(y)); // (T*B)
    return reduceSum(reshape(mul(nll, timeRows(mask)), [T, B]), [0]); // (T*B) -> (T, B) -> (B)
  }
}

/** A (B, T) tensor in the decoder's time-major row order: (B, T) -> (T, B) -> (T*B). */
export function timeRows(t: Tensor): Tensor {
  const [B, T] = t.shape;
  return reshape(transpose(t), [T * B]);
}
