// Language-model evaluation: NLL per token and per sentence, and perplexity, in sentence or stream mode.
import { compile, type CompiledFunction } from '../../engine/compile.js';
import { BufferSet } from '../../engine/buffers.js';
import { epochBatches, materialize } from '../../data/batches.js';
import { streamBatches } from '../../data/stream-batches.js';
import { sentenceLoss, streamLoss } from './graphs.js';
import type { LanguageModel } from './model.js';

export interface LmEvaluation {
  /** Target tokens scored (each sentence's words plus its end-of-sentence token). */
  tokens: number;
  sentences: number;
  nllPerToken: number;
  /** Mean over sentences of the summed NLL of their tokens (the VAE literature's NLL). */
  nllPerSentence: number;
  perplexity: number;
}

export interface EvalOptions {
  mode: 'sentence' | 'stream';
  /**
   * The token each sentence is predicted after, in sentence mode: <bos> for sentence-trained models;
   * a stream-trained model never saw <bos>, and in its stream every sentence follows <eos>.
   */
  startToken?: number;
  batchSize: number;
  bptt: number;
  maxLen: number;
}

/** Reusable evaluation programs for one model (compiled once per shape). */
export class LmEvaluator {
  private readonly sentenceFn: CompiledFunction;
  private readonly streamFn: CompiledFunction;

  constructor(readonly model: LanguageModel) {
    this.sentenceFn = compile({ params: model.params, name: 'lm_eval_sentence', build: sentenceLoss(model, false) });
    this.streamFn = compile({ params: model.params, name: 'lm_eval_stream', build: streamLoss(model, false) });
  }

  async evaluate(encoded: readonly Int32Array[], options: EvalOptions): Promise<LmEvaluation> {
    if (encoded.length === 0) throw new RangeError('evaluate: there are no sentences to score');
    let nll = 0;
    let tokens = 0;
    if (options.mode === 'sentence') {
      for (const batch of epochBatches(encoded, 0, 0, { batchSize: options.batchSize, maxLen: options.maxLen })) {
        const b = materialize(batch, encoded);
        if (options.startToken !== undefined) for (let r = 0; r < b.shape[0]; r++) b.x[r * b.shape[1]] = options.startToken;
        const out = await this.sentenceFn.run({ x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } });
        nll += Number(out.nllSum.data[0]);
        tokens += Number(out.tokens.data[0]);
      }
    } else {
      const batchSize = Math.max(1, Math.min(options.batchSize, Math.floor((encoded.reduce((n, s) => n + s.length + 1, 0) - 1) / 2)));
      const stream = streamBatches(encoded, { batchSize, bptt: options.bptt });
      const carry = zeroCarry(this.model, batchSize);
      for (let i = 0; i < stream.streamChunkCount; i++) {
        const b = stream.streamChunk(i);
        const feeds: Record<string, { data: Float32Array | Int32Array; shape: readonly number[] }> = { x: { data: b.x, shape: b.shape }, y: { data: b.y, shape: b.shape }, mask: { data: b.mask, shape: b.shape } };
        for (const n of carry.names()) feeds[n] = { data: carry.get(n), shape: carry.shape(n) };
        const out = await this.streamFn.run(feeds);
        for (const n of carry.names()) carry.set(n, carry.shape(n), out[n.replace('state.', 'final.')].data as Float32Array);
        nll += Number(out.nllSum.data[0]);
        tokens += Number(out.tokens.data[0]);
      }
    }
    const nllPerToken = nll / tokens;
    return { tokens, sentences: encoded.length, nllPerToken, nllPerSentence: nll / encoded.length, perplexity: Math.exp(nllPerToken) };
  }
}

/** Zero recurrent state buffers named like the stream graph's inputs (state.h0, state.c0, ...). */
export function zeroCarry(model: LanguageModel, batch: number): BufferSet {
  const carry = new BufferSet();
  model.rnns.forEach((rnn, l) => {
    carry.add(`state.h${l}`, [batch, rnn.hiddenSize]);
    if (model.config.cell === 'lstm') carry.add(`state.c${l}`, [batch, rnn.hiddenSize]);
  });
  return carry;
}
