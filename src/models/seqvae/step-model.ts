// The sequence VAE's decoder as a StepModel for a batch of latent codes: recurrent (state from z) or Transformer (prefix re-run with z).
import { compile, type CompiledFunction, type HostTensor } from '../../engine/compile.js';
import type { Tensor } from '../../engine/graph.js';
import { concat, gather, logSoftmax, reshape, tanh } from '../../engine/ops/index.js';
import type { StepModel } from '../../decode/step-model.js';
import { LSTM } from '../../nn/lstm.js';
import { appendColumn, prefixWindow } from '../../decode/prefix-window.js';
import type { RecurrentLayer } from '../../nn/recurrent.js';
import { TRANSFORMER_MAX_LENGTH, type SeqVae } from './model.js';

/** Decoding state: each row's latent code and recurrent state (h, and c for an LSTM). */
export interface LatentDecodeState {
  batch: number;
  /** (batch, Z). */
  z: Float32Array;
  /** (batch, H) per name; null before the first step, which derives them from z. */
  arrays: Record<string, Float32Array> | null;
}

/** Transformer decoding state: each row's latent code and the tokens it has consumed, (batch, length) row-major. */
export interface LatentPrefixState {
  batch: number;
  /** (batch, Z). */
  z: Float32Array;
  length: number;
  tokens: Int32Array;
}

function selectRowsOf<A extends Float32Array | Int32Array>(data: A, width: number, rows: Int32Array): A {
  const out = new (data.constructor as new (n: number) => A)(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

const compiled = new WeakMap<SeqVae, { initial: CompiledFunction | null; step: CompiledFunction }>();

/** The one-step program (token, z, state -> logProbs, next state) and, for 'init' / 'both', the z -> h0 program. */
function programsOf(model: SeqVae): { initial: CompiledFunction | null; step: CompiledFunction } {
  const cached = compiled.get(model);
  if (cached) return cached;
  const decoder = model.decoder as RecurrentLayer;
  const lstm = decoder instanceof LSTM;
  const latentToHidden = model.latentToHidden;
  const initial = latentToHidden === null ? null : compile({
    params: model.params,
    name: 'seqvae_decode_init',
    build: ({ data, params }) => ({ h: tanh(latentToHidden.forward(params, data.z)) }), // (B, Z) @ (Z, H) -> (B, H)
  });
  const step = compile({
    params: model.params,
    name: 'seqvae_decode_step',
    build: ({ data, params }) => {
      let input = model.embedding.forward(params, data.token); // (B) -> (B, E)
      if (model.conditionsInputs) input = concat([input, data.z], 1); // (B, E + Z)
      const next = decoder.cell(params, decoder.project(params, input), { h: data['state.h'], c: lstm ? data['state.c'] : undefined }); // (B, H)
      const out: Record<string, Tensor> = { 'final.h': next.h, logProbs: logSoftmax(model.vocabularyLogits(params, next.h), -1) }; // (B, H) @ (H, V) -> (B, V)
      if (next.c) out['final.c'] = next.c;
      return out;
    },
  });
  const programs = { initial, step };
  compiled.set(model, programs);
  return programs;
}

const prefixPrograms = new WeakMap<SeqVae, CompiledFunction>();

/** The Transformer's step: tokens (B, T) and z (B, Z) -> log-probabilities (B, V) at row b's position lastRow[b] - b * T. */
function prefixProgramOf(model: SeqVae): CompiledFunction {
  let fn = prefixPrograms.get(model);
  if (fn === undefined) {
    fn = compile({
      params: model.params,
      name: 'seqvae_prefix_step',
      build: ({ data, params }) => {
        const [B, T] = data.tokens.shape;
        const states = reshape(model.transformerStates(params, data.tokens, data.z, false), [B * T, model.decoderWidth]); // (B, T, E) -> (B*T, E)
        return { logProbs: logSoftmax(model.vocabularyLogits(params, gather(states, data.lastRow, 0)), -1) }; // (B, E) @ (E, V) -> (B, V)
      },
    });
    prefixPrograms.set(model, fn);
  }
  return fn;
}

/** Repeats each code for beam rows: row b * R + r decodes from z_b. */
function repeatedCodes(codes: Float32Array, Z: number, B: number, batch: number, where: string): Float32Array {
  if (!Number.isSafeInteger(batch) || batch < 1 || batch % B !== 0) throw new RangeError(`${where}: batch must be a positive multiple of B = ${B}, got ${batch}`);
  const repeats = batch / B;
  return selectRowsOf(codes, Z, Int32Array.from({ length: batch }, (_, row) => Math.floor(row / repeats)));
}

/**
 * The Transformer decoder has no recurrent state: each step re-runs it on the prefix, padded to a multiple of 16
 * positions (one compiled program per padded length), and reads each row's last position.
 */
function latentPrefixStepModel(model: SeqVae, codes: Float32Array, B: number): StepModel<LatentPrefixState> {
  const where = 'latentStepModel';
  const Z = model.latentSize;
  const fn = prefixProgramOf(model);
  return {
    vocabSize: model.vocabSize,
    initialState: (batch) => ({ batch, z: repeatedCodes(codes, Z, B, batch, where), length: 0, tokens: new Int32Array(0) }),
    step: async (tokens, state) => {
      const { batch } = state;
      const next = appendColumn(state, tokens); // (batch, length + 1)
      if (next.length > TRANSFORMER_MAX_LENGTH - 1) throw new RangeError(`decode: the Transformer decoder reads at most ${TRANSFORMER_MAX_LENGTH - 1} tokens; generate fewer`);
      const { window, lastRow, T } = prefixWindow(next, batch, TRANSFORMER_MAX_LENGTH - 1); // padding is never attended by real positions
      const out = await fn.run({ tokens: { data: window, shape: [batch, T] }, z: { data: state.z, shape: [batch, Z] }, lastRow: { data: lastRow, shape: [batch] } });
      return { logProbs: out.logProbs.data as Float32Array, state: { batch, z: state.z, ...next } };
    },
    selectRows: (state, rows) => ({ batch: rows.length, z: selectRowsOf(state.z, Z, rows), length: state.length, tokens: selectRowsOf(state.tokens, state.length, rows) }),
  };
}

/**
 * A StepModel decoding from the latent codes z (B, Z), row-major. initialState(batch) accepts batch = B, or a
 * multiple R * B as beam search asks for (R beams per code: row b * R + r decodes from z_b). selectRows reorders
 * the codes with the decoder's state, so beam search keeps each hypothesis with its own z.
 */
export function latentStepModel(model: SeqVae, z: Float32Array, B: number): StepModel<LatentDecodeState | LatentPrefixState> {
  const where = 'latentStepModel';
  const Z = model.latentSize;
  if (!Number.isSafeInteger(B) || B < 1) throw new RangeError(`${where}: B must be a positive integer, got ${B}`);
  if (!(z instanceof Float32Array) || z.length !== B * Z) throw new RangeError(`${where}: z must be a Float32Array of B * Z = ${B * Z} values, got ${z instanceof Float32Array ? z.length : typeof z}`);
  const codes = Float32Array.from(z);
  return model.transformer ? latentPrefixStepModel(model, codes, B) : recurrentLatentStepModel(model, codes, B);
}

/** The recurrent decoder: its state starts from z ('init' / 'both'), and z joins every input ('input' / 'both'). */
function recurrentLatentStepModel(model: SeqVae, codes: Float32Array, B: number): StepModel<LatentDecodeState> {
  const where = 'latentStepModel';
  const { latentSize: Z, hiddenSize: H } = model.config;
  const names = model.decoder instanceof LSTM ? ['h', 'c'] : ['h'];
  const programs = programsOf(model);

  async function startingState(state: LatentDecodeState): Promise<Record<string, Float32Array>> {
    const arrays: Record<string, Float32Array> = Object.fromEntries(names.map((n) => [n, new Float32Array(state.batch * H)]));
    if (programs.initial) arrays.h = (await programs.initial.run({ z: { data: state.z, shape: [state.batch, Z] } })).h.data as Float32Array; // c0 stays 0
    return arrays;
  }

  return {
    vocabSize: model.vocabSize,
    initialState: (batch) => ({ batch, z: repeatedCodes(codes, Z, B, batch, where), arrays: null }),
    step: async (tokens, state) => {
      const arrays = state.arrays ?? (await startingState(state));
      const feeds: Record<string, HostTensor> = { token: { data: tokens, shape: [state.batch] } };
      if (model.conditionsInputs) feeds.z = { data: state.z, shape: [state.batch, Z] };
      for (const n of names) feeds[`state.${n}`] = { data: arrays[n], shape: [state.batch, H] };
      const out = await programs.step.run(feeds);
      const next = Object.fromEntries(names.map((n) => [n, out[`final.${n}`].data as Float32Array]));
      return { logProbs: out.logProbs.data as Float32Array, state: { batch: state.batch, z: state.z, arrays: next } };
    },
    selectRows: (state, rows) => {
      const arrays = state.arrays;
      return {
        batch: rows.length,
        z: selectRowsOf(state.z, Z, rows),
        arrays: arrays === null ? null : Object.fromEntries(names.map((n) => [n, selectRowsOf(arrays[n], H, rows)])),
      };
    },
  };
}
