// What the coder asks a model for: each lane's next-symbol probabilities, step by step in lockstep, and (adaptive models) a lesson after each block.
import { createHash } from 'node:crypto';
import { softmax } from '../engine/ops/index.js';
import { runStep, stepProgram, zeroStates, type StepHead } from '../nn/decoder-step.js';
import type { Parameters } from '../nn/parameters.js';
import type { TokenDecoder } from '../nn/token-decoder.js';

/** One block of coded positions, as (lanes, T) row-major tables: the token each step was fed, the symbol coded, 1 where a lane was still coding. */
export interface CodedBlock {
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
  T: number;
}

export interface SymbolPredictor {
  readonly vocabSize: number;
  readonly lanes: number;
  /** (lanes, V) probabilities of each lane's next symbol after it is fed `tokens` (lanes). */
  next(tokens: Int32Array): Promise<Float32Array>;
  /** Adaptive models: the positions per block, and the update both sides make after each full (or final) block. */
  readonly blockLength?: number;
  learn?(block: CodedBlock): Promise<void>;
}

/** The step program's head for coding: softmax probabilities (B, V) (the frequency rule then needs no exp of its own). */
const probsHead: StepHead = (logits) => ({ probs: softmax(logits, -1) });

/** A recurrent token decoder stepping `lanes` rows at once from zero states, its sessions on `threads` intra-op threads. */
export function recurrentPredictor(decoder: TokenDecoder, params: Parameters, lanes: number, threads: number): SymbolPredictor {
  if (decoder.transformer) throw new RangeError('compress: the model must be recurrent (LSTM, GRU or RNN); a Transformer re-reads its whole prefix per symbol');
  if (decoder.config.conditioning) throw new RangeError('compress: the model must be an unconditioned language model');
  const fn = stepProgram(decoder, params, `compress_step_t${threads}`, probsHead, { threads });
  let states = zeroStates(decoder, lanes);
  return {
    vocabSize: decoder.config.vocabSize,
    lanes,
    async next(tokens) {
      const out = await runStep(fn, decoder, tokens, states);
      states = out.states;
      return out.outputs.probs.data as Float32Array;
    },
  };
}

/** SHA-256 (hex) of the parameters' values, in name order with each name and shape: the model's identity in an archive. */
export function parametersHash(params: Parameters): string {
  const hash = createHash('sha256');
  for (const name of [...params.names()].sort()) {
    const values = params.get(name);
    hash.update(`${name}:${params.shape(name).join('x')};`);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}
