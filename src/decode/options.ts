// The options every decoder takes, and their validation into a plan with one prompt per sequence.
import { Rng } from '../engine/random.js';
import type { StepModel } from './step-model.js';
import type { DecodeStrategy } from './strategy.js';
import { kindOf, requireArray, requireIntegerIn } from './checks.js';
import { bannedTokenMask } from './banned-tokens.js';

/** What to decode: give exactly one of `count` (unprompted sequences) and `prompts`. */
export interface DecodeOptions {
  strategy: DecodeStrategy;
  /** How many sequences to generate from `bosToken` alone. */
  count?: number;
  /** One prompt per sequence (lengths may differ), fed after `bosToken` and returned at the start of `tokens`. */
  prompts?: number[][];
  /** Fed first to every sequence; not part of the returned tokens. */
  bosToken: number;
  /** Ends a sequence; not part of the returned tokens, but its log-probability is counted. */
  eosToken: number;
  /** The most tokens generated per sequence after its prompt (the end token not counted). */
  maxLength: number;
  /** The source of all randomness; required by the 'sample' strategy, ignored by the others. */
  rng?: Rng;
  /** Tokens never generated (their probability is set to 0); must not contain `eosToken`. */
  bannedTokens?: number[];
}

/** One decoded sequence: prompt plus generated tokens, and the model log-probability of what was generated. */
export interface DecodedSequence {
  tokens: number[];
  /**
   * The sum of the model's own log-probabilities (temperature 1, no banning or top-k/top-p
   * renormalisation) of the generated tokens and, when the sequence ended with `eosToken`, of that
   * end token. Prompt tokens are not counted.
   */
  logProb: number;
}

/** Validated options: a prompt per sequence (empty when decoding from `count`) and the banned-token mask (V). */
export interface DecodePlan {
  prompts: number[][];
  bosToken: number;
  eosToken: number;
  maxLength: number;
  bannedMask: Uint8Array;
}

/** Checks the model's shape of an object and its vocabulary size, and returns the vocabulary size. */
export function checkStepModel(where: string, model: unknown): number {
  if (typeof model !== 'object' || model === null) throw new TypeError(`${where}: model must be an object, got ${kindOf(model)}`);
  const fields = model as Record<string, unknown>;
  for (const method of ['initialState', 'step', 'selectRows']) {
    if (typeof fields[method] !== 'function') throw new TypeError(`${where}: model.${method} must be a function, got ${kindOf(fields[method])}`);
  }
  requireIntegerIn(where, 'model.vocabSize', fields.vocabSize, 1);
  return fields.vocabSize;
}

/** Validates everything but the strategy (and `rng`, which only sampling needs). */
export function planDecode(where: string, model: StepModel<unknown>, options: DecodeOptions): DecodePlan {
  const V = checkStepModel(where, model);
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${kindOf(options)}`);
  const { count, prompts, bosToken, eosToken, maxLength, bannedTokens } = options;
  requireIntegerIn(where, 'bosToken', bosToken, 0, V);
  requireIntegerIn(where, 'eosToken', eosToken, 0, V);
  requireIntegerIn(where, 'maxLength', maxLength, 1);
  const bannedMask = bannedTokenMask(where, bannedTokens, V);
  if (bannedMask[eosToken] === 1) throw new RangeError(`${where}: bannedTokens must not contain eosToken, got ${eosToken} in [${bannedTokens?.join(', ')}]`);
  if ((count === undefined) === (prompts === undefined)) {
    throw new TypeError(`${where}: options must give exactly one of count and prompts, got ${count === undefined ? 'neither' : 'both'}`);
  }
  if (count !== undefined) {
    requireIntegerIn(where, 'count', count, 1);
    return { prompts: Array.from({ length: count }, () => []), bosToken, eosToken, maxLength, bannedMask };
  }
  requireArray(where, 'prompts', prompts);
  if (prompts.length === 0) throw new RangeError(`${where}: prompts must be non-empty, got 0 prompts`);
  prompts.forEach((prompt, i) => {
    requireArray(where, `prompts[${i}]`, prompt);
    prompt.forEach((token, t) => requireIntegerIn(where, `prompts[${i}][${t}]`, token, 0, V));
  });
  return { prompts: prompts.map((prompt) => [...prompt]), bosToken, eosToken, maxLength, bannedMask };
}

/** Checks that `rng` is the project's seeded generator. */
export function requireRng(where: string, rng: unknown): asserts rng is Rng {
  if (!(rng instanceof Rng)) throw new TypeError(`${where}: rng must be an Rng for strategy 'sample', got ${kindOf(rng)}`);
}
