// The language model as a StepModel for the decoders: a compiled one-step graph (recurrent) or a prefix re-run (Transformer).
import { compile, type CompiledFunction, type HostTensor } from '../../engine/compile.js';
import type { Tensor } from '../../engine/graph.js';
import { gather, logSoftmax, reshape } from '../../engine/ops/index.js';
import type { StepModel } from '../../decode/step-model.js';
import { LSTM } from '../../nn/lstm.js';
import { appendColumn, prefixWindow } from '../../decode/prefix-window.js';
import type { LanguageModel } from './model.js';

/** Recurrent decoding state: one (B, H) array per layer and kind (h, c). */
export interface RecurrentDecodeState {
  batch: number;
  arrays: Record<string, Float32Array>;
}

/** Transformer decoding state: the tokens consumed so far per row, (B, length). */
export interface PrefixDecodeState {
  batch: number;
  length: number;
  tokens: Int32Array;
}

function selectRowsOf(data: Float32Array | Int32Array, width: number, rows: Int32Array): Float32Array | Int32Array {
  const out = new (data.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

export function recurrentStepModel(model: LanguageModel): StepModel<RecurrentDecodeState> {
  const layers = model.rnns;
  const names = layers.flatMap((rnn, l) => (rnn instanceof LSTM ? [`h${l}`, `c${l}`] : [`h${l}`]));
  const fn: CompiledFunction = compile({
    params: model.params,
    name: 'lm_decode_step',
    build: ({ data, params }) => {
      let x = model.embedding.forward(params, data.token); // (B) -> (B, E)
      const out: Record<string, Tensor> = {};
      layers.forEach((rnn, l) => {
        const next = rnn.cell(params, rnn.project(params, x), { h: data[`state.h${l}`], c: rnn instanceof LSTM ? data[`state.c${l}`] : undefined }); // (B, H)
        out[`final.h${l}`] = next.h;
        if (next.c) out[`final.c${l}`] = next.c;
        x = next.h;
      });
      out.logProbs = logSoftmax(model.project(params, x), -1); // (B, V)
      return out;
    },
  });
  const H = model.config.hiddenSize;
  return {
    vocabSize: model.vocabSize,
    initialState: (batch) => ({ batch, arrays: Object.fromEntries(names.map((n) => [n, new Float32Array(batch * H)])) }),
    step: async (tokens, state) => {
      const feeds: Record<string, HostTensor> = { token: { data: tokens, shape: [state.batch] } };
      for (const n of names) feeds[`state.${n}`] = { data: state.arrays[n], shape: [state.batch, H] };
      const out = await fn.run(feeds);
      const arrays = Object.fromEntries(names.map((n) => [n, out[`final.${n}`].data as Float32Array]));
      return { logProbs: out.logProbs.data as Float32Array, state: { batch: state.batch, arrays } };
    },
    selectRows: (state, rows) => ({
      batch: rows.length,
      arrays: Object.fromEntries(names.map((n) => [n, selectRowsOf(state.arrays[n], H, rows) as Float32Array])),
    }),
  };
}

/**
 * The Transformer has no recurrent state: each step re-runs the decoder on the prefix, padded to a
 * multiple of 16 positions (one compiled program per padded length), and reads the last position.
 */
export function prefixStepModel(model: LanguageModel): StepModel<PrefixDecodeState> {
  const maxLength = model.config.maxLength;
  const fn = compile({
    params: model.params,
    name: 'lm_prefix_step',
    build: ({ data, params }) => {
      const B = data.tokens.shape[0];
      const out = model.forward(params, data.tokens, { training: false, mask: data.mask }); // logits (B*T, V), batch-major
      const last = gather(out.logits, data.lastRow, 0); // rows b*T + t_b: (B, V)
      return { logProbs: logSoftmax(reshape(last, [B, model.vocabSize]), -1) }; // (B, V)
    },
  });
  return {
    vocabSize: model.vocabSize,
    initialState: (batch) => ({ batch, length: 0, tokens: new Int32Array(0) }),
    step: async (tokens, state) => {
      if (state.length >= maxLength) throw new RangeError(`decode: the Transformer's maxLength ${maxLength} is reached; generate fewer tokens`);
      const B = state.batch;
      const next = appendColumn(state, tokens); // (B, length + 1)
      const { window, mask, lastRow, T } = prefixWindow(next, B, maxLength);
      const out = await fn.run({ tokens: { data: window, shape: [B, T] }, mask: { data: mask, shape: [B, T] }, lastRow: { data: lastRow, shape: [B] } });
      return { logProbs: out.logProbs.data as Float32Array, state: { batch: B, ...next } };
    },
    selectRows: (state, rows) => ({ batch: rows.length, length: state.length, tokens: selectRowsOf(state.tokens, state.length, rows) as Int32Array }),
  };
}

export function lmStepModel(model: LanguageModel): StepModel<RecurrentDecodeState> | StepModel<PrefixDecodeState> {
  return model.transformer ? prefixStepModel(model) : recurrentStepModel(model);
}
