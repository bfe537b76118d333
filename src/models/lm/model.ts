// The language model: the shared token decoder (embedding, recurrent or Transformer stack, possibly tied projection) with the LM's row bookkeeping and truncated-BPTT state feeds.
import type { Tensor } from '../../engine/graph.js';
import type { Rng } from '../../engine/random.js';
import { reshape, transpose, stopGradient, softmaxCrossEntropy } from '../../engine/ops/index.js';
import { Parameters } from '../../nn/parameters.js';
import type { Embedding } from '../../nn/embedding.js';
import type { Linear } from '../../nn/linear.js';
import { LSTM } from '../../nn/lstm.js';
import type { Params, RecurrentLayer, RecurrentState } from '../../nn/recurrent.js';
import type { TransformerDecoder } from '../../nn/transformer.js';
import { TokenDecoder, type RowOrder } from '../../nn/token-decoder.js';
import { type LmConfig, validateLmConfig } from './config.js';

export type { RowOrder } from '../../nn/token-decoder.js';

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
  readonly decoder: TokenDecoder;

  constructor(readonly config: LmConfig, readonly vocabSize: number, rng: Rng) {
    validateLmConfig(config);
    const { cell, layers, embedSize, hiddenSize, tied, dropout } = config;
    // The Transformer's output is layer-normalised (unit variance), so its projection starts small
    // (std 0.02, as GPT-2) to begin near the uniform distribution, loss ln V.
    const outputInitBound = cell === 'transformer' ? 0.02 * Math.sqrt(3) : 1 / Math.sqrt(hiddenSize);
    this.decoder = new TokenDecoder({
      cell, vocabSize, embedSize, hiddenSize, layers, tied, heads: config.heads, maxLength: config.maxLength,
      embedDropout: dropout, layerDropout: dropout, outputDropout: dropout, outputInitBound,
    }, this.params, rng);
    if (config.initScale > 0) {
      const init = rng.fork('init-scale');
      for (const n of this.params.names()) this.params.set(n, this.params.shape(n), uniformFill(this.params.get(n).length, config.initScale, init));
    }
  }

  get embedding(): Embedding {
    return this.decoder.embedding;
  }

  get rnns(): readonly RecurrentLayer[] {
    return this.decoder.layers;
  }

  get transformer(): TransformerDecoder | null {
    return this.decoder.transformer;
  }

  get tieProjection(): Linear | null {
    return this.decoder.tieProjection;
  }

  get outputWeight(): string | null {
    return this.decoder.outputWeight;
  }

  get outputBias(): string {
    return this.decoder.outputBias;
  }

  /** Width of the decoder's output (H for recurrent decoders, E for the Transformer). */
  get outputSize(): number {
    return this.decoder.width;
  }

  /** Logits for every position of x (B, T): time-major rows for recurrent decoders, batch-major for the Transformer. */
  forward(p: Params, x: Tensor, options: ForwardOptions): ForwardResult {
    return this.decoder.forward(p, x, options);
  }

  /** (N, H) -> (N, V); the bias rides inside the product ([h, 1] @ [W; b]). */
  project(p: Params, rows: Tensor): Tensor {
    return this.decoder.project(p, rows);
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
