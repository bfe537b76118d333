// The language model: embedding, a recurrent or Transformer decoder, and a (possibly tied) vocabulary projection.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { reshape, transpose, stopGradient, softmaxCrossEntropy } from '../../engine/ops/index.js';
import { Parameters, uniformInit, zeros } from '../../nn/parameters.js';
import { Embedding } from '../../nn/embedding.js';
import { Linear, matmulFoldedBias } from '../../nn/linear.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { ElmanRNN } from '../../nn/rnn.js';
import { dropout } from '../../nn/dropout.js';
import { unroll, type Params, type RecurrentLayer, type RecurrentState } from '../../nn/recurrent.js';
import { TransformerDecoder } from '../../nn/transformer.js';
import { type LmConfig, validateLmConfig } from './config.js';

/** The order of logit rows: time-major (t * B + b) for recurrent decoders, batch-major (b * T + t) for the Transformer. */
export type RowOrder = 'time' | 'batch';

export interface ForwardOptions {
  training: boolean;
  /** Per-layer initial states (recurrent decoders); zeros when absent. */
  initial?: readonly RecurrentState[];
  /** (B, T) float mask of real tokens; padded steps keep the recurrent state, padded keys get no attention. */
  mask?: Tensor;
}

export interface ForwardResult {
  logits: Tensor; // (B * T, V)
  order: RowOrder;
  /** Per-layer final states (recurrent decoders only). */
  final: RecurrentState[];
}

export class LanguageModel {
  readonly params = new Parameters();
  readonly embedding: Embedding;
  readonly rnns: RecurrentLayer[] = [];
  readonly transformer: TransformerDecoder | null = null;
  /** Bias of the vocabulary projection (tied models keep their own bias). */
  readonly outputBias: string;
  readonly outputWeight: string | null;
  readonly tieProjection: Linear | null = null;

  constructor(readonly config: LmConfig, readonly vocabSize: number, rng: Rng) {
    validateLmConfig(config);
    const { cell, layers, embedSize: E, hiddenSize, tied } = config;
    const V = vocabSize;
    this.embedding = new Embedding('embed', V, E, this.params, rng);
    if (cell === 'transformer') {
      this.transformer = new TransformerDecoder('decoder', { vocabSize: V, width: E, heads: config.heads, layers, maxLength: config.maxLength, dropout: config.dropout, positions: 'sinusoidal' }, this.params, rng, this.embedding);
    } else {
      for (let l = 0; l < layers; l++) {
        const inSize = l === 0 ? E : hiddenSize;
        const name = `${cell}${l}`;
        this.rnns.push(cell === 'lstm' ? new LSTM(name, inSize, hiddenSize, this.params, rng) : cell === 'gru' ? new GRU(name, inSize, hiddenSize, this.params, rng) : new ElmanRNN(name, inSize, hiddenSize, this.params, rng));
      }
    }
    const H = this.outputSize;
    if (tied && H !== E) this.tieProjection = new Linear('tie_projection', H, E, this.params, rng, { bias: false });
    // The Transformer's output is layer-normalised (unit variance), so its projection starts small
    // (std 0.02, as GPT-2) to begin near the uniform distribution, loss ln V.
    const outBound = this.transformer ? 0.02 * Math.sqrt(3) : 1 / Math.sqrt(H);
    this.outputWeight = tied ? null : this.params.create('out.weight', [H, V], uniformInit(outBound), rng);
    this.outputBias = this.params.create('out.bias', [V], zeros, rng);
    if (config.initScale > 0) {
      const init = rng.fork('init-scale');
      for (const n of this.params.names()) this.params.set(n, this.params.shape(n), uniformFill(this.params.get(n).length, config.initScale, init));
    }
  }

  /** Width of the decoder's output (H for recurrent decoders, E for the Transformer). */
  get outputSize(): number {
    return this.transformer ? this.config.embedSize : this.config.hiddenSize;
  }

  /** Logits for every position of x (B, T). */
  forward(p: Params, x: Tensor, options: ForwardOptions): ForwardResult {
    const [B, T] = x.shape;
    const rate = options.training ? this.config.dropout : 0;
    if (this.transformer) {
      const h = this.transformer.forward(p, x, options.mask, options.training); // (B, T, E)
      return { logits: this.project(p, dropout(reshape(h, [B * T, this.outputSize]), rate, 'dropout.out')), order: 'batch', final: [] };
    }
    let h = dropout(this.embedding.forward(p, transpose(x)), rate, 'dropout.embed'); // (T, B) -> (T, B, E)
    const mask = options.mask ? reshape(transpose(options.mask), [T, B, 1]) : undefined; // (B, T) -> (T, B, 1)
    const final: RecurrentState[] = [];
    this.rnns.forEach((rnn, l) => {
      const run = unroll(rnn, p, h, options.initial?.[l], mask);
      final.push(run.state);
      h = l < this.rnns.length - 1 ? dropout(run.outputs, rate, `dropout.layer${l}`) : run.outputs; // (T, B, H)
    });
    const rows = dropout(reshape(h, [T * B, this.outputSize]), rate, 'dropout.out'); // (T*B, H)
    return { logits: this.project(p, rows), order: 'time', final };
  }

  /** (N, H) -> (N, V); the bias rides inside the product ([h, 1] @ [W; b]). */
  project(p: Params, rows: Tensor): Tensor {
    const h = this.tieProjection ? this.tieProjection.forward(p, rows) : rows; // (N, H) -> (N, E) when tied
    const weight = this.outputWeight ? p[this.outputWeight] : transpose(p[this.embedding.table]); // (H, V) or (V, E)^T
    return matmulFoldedBias(h, weight, p[this.outputBias]); // (N, H) @ (H, V) + (V) -> (N, V)
  }

  /** Arrange a (B, T) tensor in the logits' row order: (N). */
  rows(t: Tensor, order: RowOrder): Tensor {
    const [B, T] = t.shape;
    return order === 'time' ? reshape(transpose(t), [T * B]) : reshape(t, [B * T]);
  }

  /** Per-position negative log-likelihood (N) in the logits' row order, and the final states. */
  tokenNll(p: Params, x: Tensor, y: Tensor, options: ForwardOptions): { nll: Tensor; order: RowOrder; final: RecurrentState[] } {
    const out = this.forward(p, x, options);
    return { nll: softmaxCrossEntropy(out.logits, this.rows(y, out.order)), order: out.order, final: out.final };
  }

  /** Recurrent states for truncated BPTT from the data feeds `state.h0`, `state.c0`, ... (B, H). */
  stateInputs(data: Readonly<Record<string, Tensor>>): RecurrentState[] {
    return this.rnns.map((rnn, l) => ({ h: data[`state.h${l}`], c: rnn instanceof LSTM ? data[`state.c${l}`] : undefined }));
  }

  /** Final states as graph outputs `final.h0`, `final.c0`, ... (no gradient flows back through them). */
  stateOutputs(final: readonly RecurrentState[]): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    final.forEach((s, l) => {
      out[`final.h${l}`] = stopGradient(s.h);
      if (s.c) out[`final.c${l}`] = stopGradient(s.c);
    });
    return out;
  }
}

function uniformFill(n: number, bound: number, rng: Rng): Float32Array {
  const values = new Float32Array(n);
  rng.fillUniform(values, -bound, bound);
  return values;
}
