// The sequence VAE's decoder as a StepModel for a batch of latent codes: initial state from z, and z fed at every step when conditioned so.
import { compile, type CompiledFunction, type HostTensor } from '../../engine/compile.js';
import type { Tensor } from '../../engine/graph.js';
import { concat, logSoftmax, tanh } from '../../engine/ops/index.js';
import type { StepModel } from '../../decode/step-model.js';
import { LSTM } from '../../nn/lstm.js';
import type { SeqVae } from './model.js';

/** Decoding state: each row's latent code and recurrent state (h, and c for an LSTM). */
export interface LatentDecodeState {
  batch: number;
  /** (batch, Z). */
  z: Float32Array;
  /** (batch, H) per name; null before the first step, which derives them from z. */
  arrays: Record<string, Float32Array> | null;
}

function selectRowsOf(data: Float32Array, width: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(data.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

const compiled = new WeakMap<SeqVae, { initial: CompiledFunction | null; step: CompiledFunction }>();

/** The one-step program (token, z, state -> logProbs, next state) and, for 'init' / 'both', the z -> h0 program. */
function programsOf(model: SeqVae): { initial: CompiledFunction | null; step: CompiledFunction } {
  const cached = compiled.get(model);
  if (cached) return cached;
  const lstm = model.decoder instanceof LSTM;
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
      const next = model.decoder.cell(params, model.decoder.project(params, input), { h: data['state.h'], c: lstm ? data['state.c'] : undefined }); // (B, H)
      const out: Record<string, Tensor> = { 'final.h': next.h, logProbs: logSoftmax(model.vocabularyLogits(params, next.h), -1) }; // (B, H) @ (H, V) -> (B, V)
      if (next.c) out['final.c'] = next.c;
      return out;
    },
  });
  const programs = { initial, step };
  compiled.set(model, programs);
  return programs;
}

/**
 * A StepModel decoding from the latent codes z (B, Z), row-major. initialState(batch) accepts batch = B, or a
 * multiple R * B as beam search asks for (R beams per code: row b * R + r decodes from z_b). selectRows reorders
 * the codes with the recurrent state, so beam search keeps each hypothesis with its own z.
 */
export function latentStepModel(model: SeqVae, z: Float32Array, B: number): StepModel<LatentDecodeState> {
  const where = 'latentStepModel';
  const { latentSize: Z, hiddenSize: H } = model.config;
  if (!Number.isSafeInteger(B) || B < 1) throw new RangeError(`${where}: B must be a positive integer, got ${B}`);
  if (!(z instanceof Float32Array) || z.length !== B * Z) throw new RangeError(`${where}: z must be a Float32Array of B * Z = ${B * Z} values, got ${z instanceof Float32Array ? z.length : typeof z}`);
  const codes = Float32Array.from(z);
  const names = model.decoder instanceof LSTM ? ['h', 'c'] : ['h'];
  const programs = programsOf(model);

  async function startingState(state: LatentDecodeState): Promise<Record<string, Float32Array>> {
    const arrays: Record<string, Float32Array> = Object.fromEntries(names.map((n) => [n, new Float32Array(state.batch * H)]));
    if (programs.initial) arrays.h = (await programs.initial.run({ z: { data: state.z, shape: [state.batch, Z] } })).h.data as Float32Array; // c0 stays 0
    return arrays;
  }

  return {
    vocabSize: model.vocabSize,
    initialState: (batch) => {
      if (!Number.isSafeInteger(batch) || batch < 1 || batch % B !== 0) throw new RangeError(`${where}: batch must be a positive multiple of B = ${B}, got ${batch}`);
      const repeats = batch / B;
      const rows = Int32Array.from({ length: batch }, (_, row) => Math.floor(row / repeats)); // row b * R + r -> code b
      return { batch, z: selectRowsOf(codes, Z, rows), arrays: null };
    },
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
