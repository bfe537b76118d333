// The autoregressive token decoder every generator shares: embedding, a recurrent stack or a Transformer, a tied or untied vocabulary projection, and optional conditioning on a code z.
import type { Tensor } from '../engine/graph.js';
import type { Rng } from '../engine/random.js';
import { concat, expand, reshape, tanh, transpose } from '../engine/ops/index.js';
import { type Parameters, uniformInit, zeros } from './parameters.js';
import { Embedding } from './embedding.js';
import { Linear, matmulFoldedBias } from './linear.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { ElmanRNN } from './rnn.js';
import { dropout } from './dropout.js';
import { unroll, zerosBH, type Params, type RecurrentLayer, type RecurrentState } from './recurrent.js';
import { TransformerDecoder } from './transformer.js';

export type DecoderCell = 'lstm' | 'gru' | 'rnn' | 'transformer';

/** The order of logit rows: time-major (t * B + b) or batch-major (b * T + t). */
export type RowOrder = 'time' | 'batch';

/** How a code z (B, Z) enters the decoder. */
export interface DecoderConditioning {
  /** Z. */
  size: number;
  /** z -> the first recurrent layer's h0 = tanh(Linear(z)) ('latent_to_hidden'), or a Transformer's prefix position ('latent_to_prefix'). */
  initialState: boolean;
  /** z joins every step's input: concatenated to a recurrent input, or a Transformer's added offset ('latent_to_input'). */
  everyStep: boolean;
}

export interface TokenDecoderConfig {
  cell: DecoderCell;
  vocabSize: number;
  /** E: the embedding width (the Transformer's model width). */
  embedSize: number;
  /** H: the recurrent state width (unused by the Transformer). */
  hiddenSize: number;
  /** Recurrent layers or Transformer blocks. */
  layers: number;
  /** The projection reuses the embedding table (through 'tie_projection' (D, E) when the width D is not E). */
  tied: boolean;
  /** Transformer only. */
  heads?: number;
  maxLength?: number;
  /** Dropout rates during training: on the embeddings (and inside the Transformer), between recurrent layers, before the projection. */
  embedDropout: number;
  layerDropout: number;
  outputDropout: number;
  /** The random input of the output dropout (default 'dropout.out'). */
  outputDropoutName?: string;
  /** Uniform bound of the untied 'out.weight' (default 1 / sqrt(D), as a Linear layer). */
  outputInitBound?: number;
  /** Names of the recurrent layers (default `${cell}${l}`). */
  layerName?: (layer: number) => string;
  conditioning?: DecoderConditioning;
}

export interface DecoderForwardOptions {
  training: boolean;
  /** (B, T) float mask of real tokens: padded steps keep the recurrent state, padded keys get no attention. */
  mask?: Tensor;
  /** Per-layer initial states (recurrent); zeros, or the conditioned h0, when absent. */
  initial?: readonly (RecurrentState | undefined)[];
  /** The code z (B, Z) of a conditioned decoder. */
  condition?: Tensor;
  /** Row order of the logits; default time-major for recurrent decoders, batch-major for the Transformer. */
  order?: RowOrder;
}

export interface DecoderForwardResult {
  logits: Tensor; // (B * T, V)
  order: RowOrder;
  /** Per-layer final states (recurrent decoders only). */
  final: RecurrentState[];
}

function recurrentLayerOf(cell: Exclude<DecoderCell, 'transformer'>, name: string, inSize: number, hiddenSize: number, params: Parameters, rng: Rng): RecurrentLayer {
  if (cell === 'lstm') return new LSTM(name, inSize, hiddenSize, params, rng);
  return cell === 'gru' ? new GRU(name, inSize, hiddenSize, params, rng) : new ElmanRNN(name, inSize, hiddenSize, params, rng);
}

export class TokenDecoder {
  readonly embedding: Embedding;
  readonly layers: RecurrentLayer[] = [];
  readonly transformer: TransformerDecoder | null = null;
  /** z -> h0 (recurrent) or the prefix position (Transformer). */
  readonly latentToInitial: Linear | null = null;
  /** z -> the Transformer's per-position offset (a recurrent decoder concatenates z itself). */
  readonly latentToInput: Linear | null = null;
  readonly tieProjection: Linear | null = null;
  readonly outputWeight: string | null;
  /** Bias of the vocabulary projection (tied decoders keep their own bias). */
  readonly outputBias: string;

  /**
   * Parameters are created in this order (checkpoints name them, optimizers walk them): 'embed' (unless `embedding` is
   * shared), the conditioning layers, the recurrent layers or the Transformer 'decoder', 'tie_projection', 'out'.
   */
  constructor(readonly config: TokenDecoderConfig, params: Parameters, rng: Rng, embedding?: Embedding) {
    const { cell, vocabSize: V, embedSize: E, hiddenSize, layers, conditioning } = config;
    this.embedding = embedding ?? new Embedding('embed', V, E, params, rng);
    const D = this.width;
    if (conditioning?.initialState) this.latentToInitial = new Linear(cell === 'transformer' ? 'latent_to_prefix' : 'latent_to_hidden', conditioning.size, D, params, rng);
    if (cell === 'transformer') {
      if (conditioning?.everyStep) this.latentToInput = new Linear('latent_to_input', conditioning.size, E, params, rng);
      const { heads, maxLength } = config;
      if (heads === undefined || maxLength === undefined) throw new RangeError('TokenDecoder: a Transformer decoder needs heads and maxLength');
      this.transformer = new TransformerDecoder('decoder', { vocabSize: V, width: E, heads, layers, maxLength, dropout: config.embedDropout, positions: 'sinusoidal' }, params, rng, this.embedding);
    } else {
      const name = config.layerName ?? ((l: number) => `${cell}${l}`);
      const extra = conditioning?.everyStep ? conditioning.size : 0;
      for (let l = 0; l < layers; l++) this.layers.push(recurrentLayerOf(cell, name(l), l === 0 ? E + extra : hiddenSize, hiddenSize, params, rng));
    }
    if (config.tied && D !== E) this.tieProjection = new Linear('tie_projection', D, E, params, rng, { bias: false });
    this.outputWeight = config.tied ? null : params.create('out.weight', [D, V], uniformInit(config.outputInitBound ?? 1 / Math.sqrt(D)), rng);
    this.outputBias = params.create('out.bias', [V], zeros, rng);
  }

  /** D: the width of the decoder's outputs (H for a recurrent decoder, E for the Transformer). */
  get width(): number {
    return this.config.cell === 'transformer' ? this.config.embedSize : this.config.hiddenSize;
  }

  get conditionsEveryStep(): boolean {
    return this.config.conditioning?.everyStep ?? false;
  }

  /** Names of the recurrent state arrays, layer by layer: h0, c0 (LSTM), h1, ... */
  get stateNames(): string[] {
    return this.layers.flatMap((rnn, l) => (rnn instanceof LSTM ? [`h${l}`, `c${l}`] : [`h${l}`]));
  }

  /** Decoder outputs (N, D) -> logits (N, V); the bias rides inside the product ([h, 1] @ [W; b]). */
  project(p: Params, rows: Tensor): Tensor {
    const h = this.tieProjection ? this.tieProjection.forward(p, rows) : rows; // (N, D) -> (N, E) when tied
    const weight = this.outputWeight ? p[this.outputWeight] : transpose(p[this.embedding.table]); // (D, V) or (V, E)^T
    return matmulFoldedBias(h, weight, p[this.outputBias]); // (N, D) @ (D, V) + (V) -> (N, V)
  }

  /** The conditioned first layer's h0 = tanh(Linear(z)) (c0 = 0 for an LSTM), or undefined (zeros). */
  initialState(p: Params, z: Tensor | undefined): RecurrentState | undefined {
    if (this.latentToInitial === null || this.transformer !== null || z === undefined) return undefined;
    const h = tanh(this.latentToInitial.forward(p, z)); // (B, Z) @ (Z, H) -> (B, H)
    return { h, c: this.layers[0] instanceof LSTM ? zerosBH(h, h.shape[0], this.config.hiddenSize) : undefined };
  }

  /** The Transformer's states for ids (B, T): (B, T, E), z (B, Z) entering as the prefix and / or the offset. */
  transformerStates(p: Params, ids: Tensor, options: { training: boolean; mask?: Tensor; condition?: Tensor }): Tensor {
    if (this.transformer === null) throw new RangeError('TokenDecoder: transformerStates needs a Transformer decoder');
    const z = options.condition;
    const prefix = z && this.latentToInitial?.forward(p, z); // (B, Z) @ (Z, E) -> (B, E)
    const offset = z && this.latentToInput?.forward(p, z); // (B, Z) @ (Z, E) -> (B, E)
    return this.transformer.forward(p, ids, options.mask, options.training, { ...(prefix ? { prefix } : {}), ...(offset ? { offset } : {}) });
  }

  /** Teacher-forced logits for every position of ids (B, T), with the recurrent decoders' final states. */
  forward(p: Params, ids: Tensor, options: DecoderForwardOptions): DecoderForwardResult {
    const [B, T] = ids.shape;
    const { training, condition } = options;
    const outputRate = training ? this.config.outputDropout : 0;
    const outputName = this.config.outputDropoutName ?? 'dropout.out';
    if (this.transformer) {
      const E = this.width;
      const h = this.transformerStates(p, ids, options); // (B, T, E)
      const order = options.order ?? 'batch';
      const rows = order === 'batch' ? reshape(h, [B * T, E]) : reshape(transpose(h, [1, 0, 2]), [T * B, E]); // (B*T, E), or (B, T, E) -> (T, B, E) -> (T*B, E)
      return { logits: this.project(p, dropout(rows, outputRate, outputName)), order, final: [] };
    }
    if (options.order === 'batch') throw new RangeError("TokenDecoder: a recurrent decoder's logits are time-major, got order 'batch'");
    let h = dropout(this.embedding.forward(p, transpose(ids)), training ? this.config.embedDropout : 0, 'dropout.embed'); // (B, T) -> (T, B) -> (T, B, E)
    if (this.conditionsEveryStep && condition) {
      const Z = condition.shape[1];
      h = concat([h, expand(reshape(condition, [1, B, Z]), [T, B, Z])], 2); // (B, Z) -> (1, B, Z) -> (T, B, Z); (T, B, E + Z)
    }
    const mask = options.mask ? reshape(transpose(options.mask), [T, B, 1]) : undefined; // (B, T) -> (T, B, 1)
    const conditioned = this.initialState(p, condition);
    const final: RecurrentState[] = [];
    this.layers.forEach((rnn, l) => {
      const run = unroll(rnn, p, h, options.initial?.[l] ?? (l === 0 ? conditioned : undefined), mask);
      final.push(run.state);
      h = l < this.layers.length - 1 ? dropout(run.outputs, training ? this.config.layerDropout : 0, `dropout.layer${l}`) : run.outputs; // (T, B, H)
    });
    const rows = dropout(reshape(h, [T * B, this.width]), outputRate, outputName); // (T, B, H) -> (T*B, H)
    return { logits: this.project(p, rows), order: 'time', final };
  }

  /** One recurrent step: token (B) and each layer's state (B, H) -> logits (B, V) and the next states; z (B, Z) joins the input when conditioned every step. */
  step(p: Params, token: Tensor, states: readonly RecurrentState[], condition?: Tensor): { logits: Tensor; states: RecurrentState[] } {
    let x = this.embedding.forward(p, token); // (B) -> (B, E)
    if (this.conditionsEveryStep && condition) x = concat([x, condition], 1); // (B, E + Z)
    const next = this.layers.map((rnn, l) => {
      const state = rnn.cell(p, rnn.project(p, x), states[l]); // (B, H)
      x = state.h;
      return state;
    });
    return { logits: this.project(p, x), states: next }; // (B, H) @ (H, V) -> (B, V)
  }
}
