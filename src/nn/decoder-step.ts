// The token decoder's one compiled step program (token + state in, outputs + state out) and the StepModels the decoders drive: recurrent steps, or a Transformer's prefix re-run.
import { compile, type CompiledFunction, type HostTensor } from '../engine/compile.js';
import type { Tensor } from '../engine/graph.js';
import type { RuntimeOptions } from '../engine/runtime.js';
import { gather, logSoftmax, reshape, tanh } from '../engine/ops/index.js';
import type { StepModel } from '../decode/step-model.js';
import { appendColumn, prefixWindow } from '../decode/prefix-window.js';
import type { Parameters } from './parameters.js';
import { LSTM } from './lstm.js';
import type { Params } from './recurrent.js';
import type { TokenDecoder } from './token-decoder.js';

/** What a step program computes from the next-token logits (B, V): e.g. log-probabilities, or a draw in the graph. */
export type StepHead = (logits: Tensor, data: Params) => Record<string, Tensor>;

/** The decoders' head: log-softmax over the vocabulary, output 'logProbs' (B, V). */
export const logProbsHead: StepHead = (logits) => ({ logProbs: logSoftmax(logits, -1) });

/** The rows `rows` (which may repeat) of a row-major (rows, width) table: (rows.length, width). */
export function selectRowsOf<A extends Float32Array | Int32Array>(data: A, width: number, rows: ArrayLike<number>): A {
  const out = new (data.constructor as new (n: number) => A)(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(data.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return out;
}

const programs = new WeakMap<TokenDecoder, Map<string, CompiledFunction>>();

/** One program per decoder and name, compiled once (it reads the parameters' current values on every run). */
function cached(decoder: TokenDecoder, name: string, make: () => CompiledFunction): CompiledFunction {
  let byName = programs.get(decoder);
  if (byName === undefined) programs.set(decoder, (byName = new Map()));
  let fn = byName.get(name);
  if (fn === undefined) byName.set(name, (fn = make()));
  return fn;
}

/**
 * The one-step program of a recurrent decoder: inputs token (B), state.h0, state.c0, ... (B, H) and, when z joins every
 * step, z (B, Z); outputs final.h0, final.c0, ... (B, H) and the head's outputs.
 */
export function stepProgram(decoder: TokenDecoder, params: Parameters, name: string, head: StepHead = logProbsHead, runtime?: RuntimeOptions): CompiledFunction {
  if (decoder.transformer) throw new RangeError(`${name}: the step program needs a recurrent decoder, got a Transformer`);
  return cached(decoder, name, () => compile({
    params,
    name,
    runtime,
    build: ({ data, params: p }) => {
      const states = decoder.layers.map((rnn, l) => ({ h: data[`state.h${l}`], c: rnn instanceof LSTM ? data[`state.c${l}`] : undefined }));
      const { logits, states: next } = decoder.step(p, data.token, states, decoder.conditionsEveryStep ? data.z : undefined); // (B, V)
      const out: Record<string, Tensor> = {};
      next.forEach((s, l) => {
        out[`final.h${l}`] = s.h;
        if (s.c) out[`final.c${l}`] = s.c;
      });
      return { ...out, ...head(logits, data) };
    },
  }));
}

/** Runs a step program: tokens (B) and named (B, H) states in; the program's outputs, with the next states by name. */
export async function runStep(fn: CompiledFunction, decoder: TokenDecoder, tokens: Int32Array, states: Readonly<Record<string, Float32Array>>, extra: Record<string, HostTensor> = {}): Promise<{ outputs: Record<string, HostTensor>; states: Record<string, Float32Array> }> {
  const B = tokens.length;
  const H = decoder.config.hiddenSize;
  const feeds: Record<string, HostTensor> = { token: { data: tokens, shape: [B] }, ...extra };
  for (const n of decoder.stateNames) feeds[`state.${n}`] = { data: states[n].subarray(0, B * H), shape: [B, H] };
  const outputs = await fn.run(feeds);
  return { outputs, states: Object.fromEntries(decoder.stateNames.map((n) => [n, outputs[`final.${n}`].data as Float32Array])) };
}

/** Zero recurrent states for B rows, by name: (B, H) each. */
export function zeroStates(decoder: TokenDecoder, B: number): Record<string, Float32Array> {
  return Object.fromEntries(decoder.stateNames.map((n) => [n, new Float32Array(B * decoder.config.hiddenSize)]));
}

/** Codes z for a conditioned decoder: B codes (B, Z) row-major, decoded by rows b * R + r of a batch of R * B rows. */
export interface DecoderCodes {
  z: Float32Array;
  B: number;
}

/** Decoding state of a recurrent decoder: each row's code (or null) and its states (null before the first step). */
export interface RecurrentDecodeState {
  batch: number;
  /** (batch, Z), or null for an unconditioned decoder. */
  z: Float32Array | null;
  /** (batch, H) per state name. */
  arrays: Record<string, Float32Array> | null;
}

/** Decoding state of a Transformer: each row's code (or null) and the tokens it has consumed, (batch, length) row-major. */
export interface PrefixDecodeState {
  batch: number;
  z: Float32Array | null;
  length: number;
  tokens: Int32Array;
}

/** Repeats each code for beam rows: row b * R + r decodes from z_b. */
function repeatedCodes(codes: DecoderCodes | undefined, batch: number, where: string): Float32Array | null {
  if (codes === undefined) return null;
  const { z, B } = codes;
  if (!Number.isSafeInteger(batch) || batch < 1 || batch % B !== 0) throw new RangeError(`${where}: batch must be a positive multiple of B = ${B}, got ${batch}`);
  const repeats = batch / B;
  return selectRowsOf(z, z.length / B, Int32Array.from({ length: batch }, (_, row) => Math.floor(row / repeats)));
}

function checkCodes(where: string, decoder: TokenDecoder, codes: DecoderCodes | undefined): DecoderCodes | undefined {
  if (codes === undefined) return undefined;
  const Z = decoder.config.conditioning?.size ?? 0;
  const { z, B } = codes;
  if (!Number.isSafeInteger(B) || B < 1) throw new RangeError(`${where}: B must be a positive integer, got ${B}`);
  if (!(z instanceof Float32Array) || z.length !== B * Z) throw new RangeError(`${where}: z must be a Float32Array of B * Z = ${B * Z} values, got ${z instanceof Float32Array ? z.length : typeof z}`);
  return { z: Float32Array.from(z), B };
}

export interface DecoderStepOptions {
  /** Program names (distinct per family, for profiles): the step, the z -> h0 program, the prefix re-run. */
  names: { step: string; initial?: string; prefix: string };
  /** The most tokens a Transformer reads (its maxLength, less one when z takes a prefix position). */
  maxTokens?: number;
  codes?: DecoderCodes;
  where?: string;
}

/** The recurrent decoder as a StepModel: the one step program per token; a conditioned h0 comes from z before the first step. */
function recurrentStepModel(decoder: TokenDecoder, params: Parameters, options: DecoderStepOptions, codes: DecoderCodes | undefined): StepModel<RecurrentDecodeState> {
  const where = options.where ?? 'decoderStepModel';
  const Z = decoder.config.conditioning?.size ?? 0;
  const H = decoder.config.hiddenSize;
  const fn = stepProgram(decoder, params, options.names.step);
  const latentToInitial = decoder.latentToInitial;
  const initialName = options.names.initial ?? `${options.names.step}_init`;
  const initial = latentToInitial === null || codes === undefined ? null : cached(decoder, initialName, () => compile({
    params,
    name: initialName,
    build: ({ data, params: p }) => ({ h: tanh(latentToInitial.forward(p, data.z)) }), // (B, Z) @ (Z, H) -> (B, H)
  }));

  async function startingState(state: RecurrentDecodeState): Promise<Record<string, Float32Array>> {
    const arrays = zeroStates(decoder, state.batch);
    if (initial && state.z) arrays.h0 = (await initial.run({ z: { data: state.z, shape: [state.batch, Z] } })).h.data as Float32Array; // c0 stays 0
    return arrays;
  }

  return {
    vocabSize: decoder.config.vocabSize,
    initialState: (batch) => ({ batch, z: repeatedCodes(codes, batch, where), arrays: null }),
    step: async (tokens, state) => {
      const arrays = state.arrays ?? (await startingState(state));
      const extra: Record<string, HostTensor> = decoder.conditionsEveryStep && state.z ? { z: { data: state.z, shape: [state.batch, Z] } } : {};
      const out = await runStep(fn, decoder, tokens, arrays, extra);
      return { logProbs: out.outputs.logProbs.data as Float32Array, state: { batch: state.batch, z: state.z, arrays: out.states } };
    },
    selectRows: (state, rows) => {
      const arrays = state.arrays;
      return {
        batch: rows.length,
        z: state.z && selectRowsOf(state.z, Z, rows),
        arrays: arrays === null ? null : Object.fromEntries(Object.entries(arrays).map(([n, a]) => [n, selectRowsOf(a, H, rows)])),
      };
    },
  };
}

/**
 * The Transformer has no recurrent state: each step re-runs it on the prefix, padded to a multiple of 16 positions (one
 * compiled program per padded length), and reads each row's last position. Padding only follows real tokens, so the
 * causal mask alone keeps it out of every real position.
 */
function prefixStepModel(decoder: TokenDecoder, params: Parameters, options: DecoderStepOptions, codes: DecoderCodes | undefined): StepModel<PrefixDecodeState> {
  const where = options.where ?? 'decoderStepModel';
  const Z = decoder.config.conditioning?.size ?? 0;
  const maxTokens = options.maxTokens ?? (decoder.config.maxLength as number) - (decoder.latentToInitial ? 1 : 0);
  const fn = cached(decoder, options.names.prefix, () => compile({
    params,
    name: options.names.prefix,
    build: ({ data, params: p }) => {
      const [B, T] = data.tokens.shape;
      const states = decoder.transformerStates(p, data.tokens, { training: false, condition: decoder.config.conditioning ? data.z : undefined }); // (B, T, E)
      const last = gather(reshape(states, [B * T, decoder.width]), data.lastRow, 0); // rows b*T + t_b: (B, E)
      return logProbsHead(decoder.project(p, last), data); // (B, E) @ (E, V) -> (B, V)
    },
  }));
  return {
    vocabSize: decoder.config.vocabSize,
    initialState: (batch) => ({ batch, z: repeatedCodes(codes, batch, where), length: 0, tokens: new Int32Array(0) }),
    step: async (tokens, state) => {
      const { batch } = state;
      if (state.length >= maxTokens) throw new RangeError(`decode: the Transformer decoder reads at most ${maxTokens} tokens; generate fewer`);
      const next = appendColumn(state, tokens); // (batch, length + 1)
      const { window, lastRow, T } = prefixWindow(next, batch, maxTokens);
      const feeds: Record<string, HostTensor> = { tokens: { data: window, shape: [batch, T] }, lastRow: { data: lastRow, shape: [batch] } };
      if (state.z) feeds.z = { data: state.z, shape: [batch, Z] };
      const out = await fn.run(feeds);
      return { logProbs: out.logProbs.data as Float32Array, state: { batch, z: state.z, ...next } };
    },
    selectRows: (state, rows) => ({ batch: rows.length, z: state.z && selectRowsOf(state.z, Z, rows), length: state.length, tokens: selectRowsOf(state.tokens, state.length, rows) }),
  };
}

/**
 * A StepModel over the decoder, decoding from codes z when given (initialState(batch) then accepts batch = B or a multiple
 * R * B, as beam search asks for; selectRows reorders the codes with the state, so each hypothesis keeps its own z).
 */
export function decoderStepModel(decoder: TokenDecoder, params: Parameters, options: DecoderStepOptions): StepModel<RecurrentDecodeState> | StepModel<PrefixDecodeState> {
  const codes = checkCodes(options.where ?? 'decoderStepModel', decoder, options.codes);
  return decoder.transformer ? prefixStepModel(decoder, params, options, codes) : recurrentStepModel(decoder, params, options, codes);
}
