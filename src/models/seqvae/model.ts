// The sequence VAE of Bowman et al. 2016: a recurrent encoder to a Gaussian posterior over z, and a recurrent decoder conditioned on z.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { add, concat, equal, exp, expand, greater, mul, reduceSum, reshape, softmaxCrossEntropy, tanh, transpose, where } from '../../engine/ops/index.js';
import { Parameters, zeros } from '../../nn/parameters.js';
import { Embedding } from '../../nn/embedding.js';
import { Linear, matmulFoldedBias } from '../../nn/linear.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { dropout } from '../../nn/dropout.js';
import { unroll, zerosBH, type Params, type RecurrentLayer, type RecurrentState } from '../../nn/recurrent.js';
import { TransformerDecoder } from '../../nn/transformer.js';
import { BOS, SPECIAL_TOKENS, UNK } from '../../data/vocab.js';
import { TRANSFORMER_DECODER_DEFAULTS, type SeqVaeCell, type SeqVaeConfig, validateSeqVaeConfig } from './config.js';
import { reverseWithinLength } from './reverse.js';

/** The Gaussian posterior q(z|x) of a batch: mean and log-variance, (B, Z) each. */
export interface Posterior {
  mu: Tensor;
  logVar: Tensor;
}

/** The longest sentence a Transformer decoder reads (its positions are sinusoidal, so this costs nothing). */
export const TRANSFORMER_MAX_LENGTH = 1024;

function recurrent(cell: SeqVaeCell, name: string, inputSize: number, hiddenSize: number, params: Parameters, rng: Rng): RecurrentLayer {
  return cell === 'lstm' ? new LSTM(name, inputSize, hiddenSize, params, rng) : new GRU(name, inputSize, hiddenSize, params, rng);
}

export class SeqVae {
  readonly params = new Parameters();
  /** One table for the encoder's and the decoder's tokens. */
  readonly embedding: Embedding;
  readonly encoderForward: RecurrentLayer;
  /** Reads each sentence right to left (bidirectional encoders only). */
  readonly encoderBackward: RecurrentLayer | null;
  readonly muHead: Linear;
  readonly logVarHead: Linear;
  /** z -> the decoder's initial hidden state, or a Transformer's prefix position (conditioning 'init' or 'both'). */
  readonly latentToHidden: Linear | null;
  /** z -> an offset added to every input embedding (Transformer decoder, conditioning 'input' or 'both'). */
  readonly latentToInput: Linear | null;
  /** The recurrent decoder, or null for a Transformer decoder. */
  readonly decoder: RecurrentLayer | null;
  readonly transformer: TransformerDecoder | null;
  /** The vocabulary projection, or null when tied to the embedding (then only its bias 'out.bias' is its own). */
  readonly output: Linear | null;
  readonly tiedOutputBias: string | null;

  constructor(readonly config: SeqVaeConfig, readonly vocabSize: number, rng: Rng) {
    validateSeqVaeConfig(config);
    if (!Number.isSafeInteger(vocabSize) || vocabSize < SPECIAL_TOKENS.length) throw new RangeError(`SeqVae: vocabSize must be an integer >= ${SPECIAL_TOKENS.length} (the special tokens), got ${vocabSize}`);
    const { embedSize: E, hiddenSize: H, latentSize: Z } = config;
    this.embedding = new Embedding('embed', vocabSize, E, this.params, rng);
    this.encoderForward = recurrent(config.encoderCell, 'encoder_fwd', E, H, this.params, rng);
    this.encoderBackward = config.bidirectional ? recurrent(config.encoderCell, 'encoder_bwd', E, H, this.params, rng) : null;
    const summarySize = config.bidirectional ? 2 * H : H;
    this.muHead = new Linear('mu', summarySize, Z, this.params, rng);
    this.logVarHead = new Linear('log_var', summarySize, Z, this.params, rng);
    const cell = config.decoderCell;
    const D = this.decoderWidth;
    this.latentToHidden = this.conditionsInitialState ? new Linear(cell === 'transformer' ? 'latent_to_prefix' : 'latent_to_hidden', Z, D, this.params, rng) : null;
    if (cell === 'transformer') {
      this.latentToInput = this.conditionsInputs ? new Linear('latent_to_input', Z, E, this.params, rng) : null;
      const { decoderLayers: layers = TRANSFORMER_DECODER_DEFAULTS.decoderLayers, heads = TRANSFORMER_DECODER_DEFAULTS.heads } = config;
      this.transformer = new TransformerDecoder('decoder', {
        vocabSize, width: E, heads, layers, maxLength: TRANSFORMER_MAX_LENGTH, dropout: config.embeddingDropout ?? 0, positions: 'sinusoidal',
      }, this.params, rng, this.embedding);
      this.decoder = null;
    } else {
      this.latentToInput = null;
      this.transformer = null;
      this.decoder = recurrent(cell, 'decoder', this.conditionsInputs ? E + Z : E, H, this.params, rng);
    }
    if (config.tied && D !== E) throw new RangeError(`SeqVae: tied embeddings need hiddenSize equal to embedSize, got ${H} and ${E}`);
    this.output = config.tied ? null : new Linear('out', D, vocabSize, this.params, rng);
    this.tiedOutputBias = config.tied ? this.params.create('out.bias', [vocabSize], zeros, rng) : null;
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

  /**
   * q(z|x) from the tokens x (B, T) read under mask (B, T) (1 on each row's real prefix): the final state of the
   * forward encoder, concatenated with the backward encoder's when bidirectional, through the mu and logVar heads.
   */
  encode(p: Params, x: Tensor, mask: Tensor): Posterior {
    const [B, T] = x.shape;
    const timeMask = reshape(transpose(mask), [T, B, 1]); // (B, T) -> (T, B) -> (T, B, 1)
    let summary = this.finalEncoderState(this.encoderForward, p, x, timeMask); // (B, H)
    if (this.encoderBackward) {
      const backward = this.finalEncoderState(this.encoderBackward, p, reverseWithinLength(x, mask), timeMask); // (B, H)
      summary = concat([summary, backward], 1); // (B, 2H)
    }
    return { mu: this.muHead.forward(p, summary), logVar: this.logVarHead.forward(p, summary) }; // (B, 2H or H) @ (., Z) -> (B, Z)
  }

  /** The state after each row's last real token (masked steps keep the state): (B, H). */
  private finalEncoderState(rnn: RecurrentLayer, p: Params, ids: Tensor, timeMask: Tensor): Tensor {
    const embedded = this.embedding.forward(p, transpose(ids)); // (B, T) -> (T, B) -> (T, B, E)
    return unroll(rnn, p, embedded, undefined, timeMask).state.h;
  }

  /** The reparameterisation z = mu + exp(0.5 logVar) * eps, with eps ~ N(0, I) of the same shape (B, Z). */
  reparameterize(posterior: Posterior, eps: Tensor): Tensor {
    return add(posterior.mu, mul(exp(mul(posterior.logVar, 0.5)), eps));
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
    if (this.latentToHidden === null || this.decoder === null) return undefined;
    const h = tanh(this.latentToHidden.forward(p, z)); // (B, Z) @ (Z, H) -> (B, H)
    return { h, c: this.decoder instanceof LSTM ? zerosBH(h, h.shape[0], this.config.hiddenSize) : undefined };
  }

  /**
   * Next-token logits for decoder inputs x (B, T) given z (B, Z), in time-major rows (t * B + b) as the language
   * model's: (T * B, V). No mask is needed: padding only follows a sentence, so it cannot change a real position.
   */
  decoderLogits(p: Params, x: Tensor, z: Tensor, training: boolean): Tensor {
    const [B, T] = x.shape;
    const { hiddenSize: H, latentSize: Z } = this.config;
    const ids = this.decoderInputs(x, training);
    const outputRate = training ? this.config.outputDropout ?? 0 : 0;
    if (this.transformer) {
      const E = this.decoderWidth;
      const rows = reshape(transpose(this.transformerStates(p, ids, z, training), [1, 0, 2]), [T * B, E]); // (B, T, E) -> (T, B, E) -> (T*B, E)
      return this.vocabularyLogits(p, dropout(rows, outputRate, 'dropout.output')); // (T*B, V)
    }
    let inputs = this.embedding.forward(p, transpose(ids)); // (B, T) -> (T, B) -> (T, B, E)
    inputs = dropout(inputs, training ? this.config.embeddingDropout ?? 0 : 0, 'dropout.embed');
    if (this.conditionsInputs) {
      const everyStep = expand(reshape(z, [1, B, Z]), [T, B, Z]); // (B, Z) -> (1, B, Z) -> (T, B, Z)
      inputs = concat([inputs, everyStep], 2); // (T, B, E + Z)
    }
    const run = unroll(this.decoder as RecurrentLayer, p, inputs, this.decoderInitialState(p, z));
    const outputs = dropout(run.outputs, outputRate, 'dropout.output'); // (T, B, H)
    return this.vocabularyLogits(p, reshape(outputs, [T * B, H])); // (T, B, H) -> (T*B, H) -> (T*B, V)
  }

  /** A Transformer decoder's states for input ids (B, T) given z (B, Z): (B, T, E), z entering as configured. */
  transformerStates(p: Params, ids: Tensor, z: Tensor, training: boolean): Tensor {
    if (this.transformer === null) throw new RangeError('SeqVae: transformerStates needs a Transformer decoder');
    const prefix = this.latentToHidden?.forward(p, z); // (B, Z) @ (Z, E) -> (B, E)
    const offset = this.latentToInput?.forward(p, z); // (B, Z) @ (Z, E) -> (B, E)
    return this.transformer.forward(p, ids, undefined, training, { ...(prefix ? { prefix } : {}), ...(offset ? { offset } : {}) });
  }

  /** Decoder outputs (N, H) to next-token logits (N, V), through the embedding table when tied. */
  vocabularyLogits(p: Params, rows: Tensor): Tensor {
    if (this.output !== null) return this.output.forward(p, rows); // (N, H) @ (H, V) -> (N, V)
    return matmulFoldedBias(rows, transpose(p[this.embedding.table]), p[this.tiedOutputBias as string]); // (N, E) @ (V, E)^T -> (N, V)
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
