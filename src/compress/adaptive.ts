// The adaptive model: a byte-level recurrent LM that starts from a seed and learns on the text as it is coded (NNCP's scheme), the same updates on both sides.
import { createHash } from 'node:crypto';
import { Rng } from '../engine/random.js';
import { compileTrainStep } from '../engine/train-step.js';
import { adam } from '../optim/index.js';
import { LanguageModel } from '../models/lm/model.js';
import { streamLoss } from '../models/lm/graphs.js';
import { zeroCarry } from '../models/lm/evaluate.js';
import { carriedStep } from '../models/lm/task.js';
import type { LmConfig } from '../models/lm/config.js';
import { Vocabulary } from '../data/vocab.js';
import type { AdaptiveModelSpec } from './archive.js';
import { recurrentPredictor, type SymbolPredictor } from './predictor.js';

/** The defaults: a 1 x 256 LSTM over bytes, Adam at 5e-3 on each block of 16 positions of every lane, gradients clipped at 1. */
export const ADAPTIVE_DEFAULTS: AdaptiveModelSpec = { cell: 'lstm', layers: 1, embedSize: 32, hiddenSize: 256, lr: 5e-3, blockLength: 16, clip: 1, seed: 1 };

/**
 * The adaptive mode's most lanes: every lane's block is one update, so fewer lanes mean more updates per byte (4 lanes
 * cost 0.04-0.08 bits per byte against 2 on the first 200 KB of lcet10.txt, and run twice as fast).
 */
export const ADAPTIVE_MAX_LANES = 4;

export function checkAdaptiveSpec(spec: AdaptiveModelSpec): void {
  const fail = (what: string): never => {
    throw new RangeError(`adaptive model: ${what}`);
  };
  if (spec.cell !== 'lstm' && spec.cell !== 'gru') fail(`cell must be lstm or gru, got ${String(spec.cell)}`);
  for (const key of ['layers', 'embedSize', 'hiddenSize', 'blockLength'] as const) {
    if (!(Number.isSafeInteger(spec[key]) && spec[key] >= 1 && spec[key] <= 4096)) fail(`${key} must be an integer in [1, 4096], got ${spec[key]}`);
  }
  if (!(spec.lr > 0 && spec.lr < 1)) fail(`lr must be in (0, 1), got ${spec.lr}`);
  if (!(spec.clip >= 0 && Number.isFinite(spec.clip))) fail(`clip must be >= 0, got ${spec.clip}`);
  if (!Number.isSafeInteger(spec.seed)) fail(`seed must be an integer, got ${spec.seed}`);
}

/** The spec's identity in an archive: SHA-256 of its fields in a fixed order. */
export function adaptiveHash(spec: AdaptiveModelSpec): string {
  const fields = ['cell', 'layers', 'embedSize', 'hiddenSize', 'lr', 'blockLength', 'clip', 'seed'] as const;
  return createHash('sha256').update(`adaptive-byte-lm-v1;${fields.map((k) => `${k}=${spec[k]}`).join(';')}`).digest('hex');
}

/** How a model learns while it codes: one Adam step at `lr` on each block of `blockLength` positions, gradients clipped at `clip` (0: off). */
export interface OnlineLearning {
  lr: number;
  blockLength: number;
  clip: number;
}

/**
 * A predictor over `model` that learns as it codes: probabilities from its step program; after each block, one Adam step
 * on that block (truncated BPTT, the recurrent state carried across blocks). `model` is changed: give each predictor its
 * own. With dropout 0 nothing random happens; otherwise the dropout masks come from `seed`, the same on both sides.
 */
export function learningPredictor(model: LanguageModel, lanes: number, threads: number, learning: OnlineLearning, seed: number): SymbolPredictor {
  const step = compileTrainStep({
    params: model.params,
    loss: streamLoss(model, true),
    optimizer: adam(),
    clipNorm: learning.clip > 0 ? learning.clip : undefined,
    rng: new Rng(seed).fork('dropout'),
    runtime: { threads },
    name: `compress_adapt_t${threads}`,
  });
  const carry = zeroCarry(model, lanes);
  const inference = recurrentPredictor(model.decoder, model.params, lanes, threads);
  return {
    vocabSize: inference.vocabSize,
    lanes,
    next: (tokens) => inference.next(tokens),
    blockLength: learning.blockLength,
    async learn(block) {
      await carriedStep(step, carry, { x: block.inputs, y: block.targets, mask: block.mask, shape: [lanes, block.T] }, learning.lr);
    },
  };
}

/** A fresh model from the spec's seed, learning as it codes (no dropout, so nothing random happens after initialisation). */
export function adaptivePredictor(spec: AdaptiveModelSpec, lanes: number, threads: number): SymbolPredictor {
  checkAdaptiveSpec(spec);
  const config: LmConfig = { cell: spec.cell, layers: spec.layers, embedSize: spec.embedSize, hiddenSize: spec.hiddenSize, heads: 1, dropout: 0, tied: false, maxLength: spec.blockLength, initScale: 0 };
  const model = new LanguageModel(config, Vocabulary.bytes().size, new Rng(spec.seed).fork('init'));
  return learningPredictor(model, lanes, threads, spec, spec.seed);
}

/** A copy of a trained language model (its config and current parameter values), for a predictor that will change it. */
export function copyOfModel(model: LanguageModel): LanguageModel {
  const copy = new LanguageModel(model.config, model.vocabSize, new Rng(0).fork('init'));
  for (const n of model.params.names()) copy.params.set(n, model.params.shape(n), model.params.get(n).slice());
  return copy;
}
