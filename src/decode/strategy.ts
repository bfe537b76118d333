// The decoding strategies (greedy, sampling, beam search) as plain data, and their validation.
import { kindOf, requireFinite, requireIntegerIn, requireNumber } from './checks.js';

/** Always take the most probable token (ties go to the lowest id). */
export interface GreedyStrategy {
  kind: 'greedy';
}

/**
 * Draw each token from the model's distribution, reshaped in this order: divide log-probs by
 * `temperature` (default 1), keep the `topK` most probable tokens (default all), then keep the
 * smallest nucleus whose probability reaches `topP` (default 1, i.e. all), and renormalise.
 */
export interface SampleStrategy {
  kind: 'sample';
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * Keep the `beamSize` best partial hypotheses per input by summed log-probability; finished
 * hypotheses are ranked by logProb / length^lengthPenalty (default 0: the raw sum), where length
 * counts the scored tokens (generated tokens, plus the end token when one was produced).
 */
export interface BeamStrategy {
  kind: 'beam';
  beamSize: number;
  lengthPenalty?: number;
}

export type DecodeStrategy = GreedyStrategy | SampleStrategy | BeamStrategy;

/** Throws a RangeError or TypeError naming the first invalid field of `strategy`. */
export function checkStrategy(where: string, strategy: unknown): asserts strategy is DecodeStrategy {
  if (typeof strategy !== 'object' || strategy === null || Array.isArray(strategy)) {
    throw new TypeError(`${where}: strategy must be an object, got ${kindOf(strategy)}`);
  }
  const fields = strategy as Record<string, unknown>;
  switch (fields.kind) {
    case 'greedy':
      return;
    case 'sample':
      if (fields.temperature !== undefined) {
        requireFinite(where, 'strategy.temperature', fields.temperature);
        if (!(fields.temperature > 0)) throw new RangeError(`${where}: strategy.temperature must be > 0, got ${fields.temperature}`);
      }
      if (fields.topK !== undefined) requireIntegerIn(where, 'strategy.topK', fields.topK, 1);
      if (fields.topP !== undefined) {
        requireNumber(where, 'strategy.topP', fields.topP);
        if (!(fields.topP > 0 && fields.topP <= 1)) throw new RangeError(`${where}: strategy.topP must be in (0, 1], got ${fields.topP}`);
      }
      return;
    case 'beam':
      requireIntegerIn(where, 'strategy.beamSize', fields.beamSize, 1);
      if (fields.lengthPenalty !== undefined) requireFinite(where, 'strategy.lengthPenalty', fields.lengthPenalty);
      return;
    default:
      throw new RangeError(`${where}: strategy.kind must be 'greedy', 'sample' or 'beam', got ${JSON.stringify(fields.kind) ?? kindOf(fields.kind)}`);
  }
}
