// BLEU's options (order, weights, NLTK smoothing method) with their defaults, and the argument checks every BLEU entry point shares.

/** NLTK SmoothingFunction method: 0 none, 1 epsilon 0.1, 2 add-one for n > 1, 3 NIST geometric, 4 Chen & Cherry's length-scaled. */
export type SmoothingMethod = 0 | 1 | 2 | 3 | 4;

export interface BleuOptions {
  /** Highest n-gram order N. Default 4, or the length of `weights` when they are given. */
  maxN?: number;
  /** Weight of each order 1..N, NLTK's `weights`. Default 1/N each. */
  weights?: readonly number[];
  /** NLTK smoothing method. Default 1 (epsilon 0.1 on zero matches), the Texygen BLEU protocol. */
  smoothing?: SmoothingMethod;
}

/** Options of the helpers that report BLEU-n (or Self-BLEU-n) for several orders at once. */
export interface OrderedBleuOptions {
  /** The n-gram orders to report, each BLEU-n with uniform weights 1/n. Default [2, 3, 4, 5]. */
  orders?: readonly number[];
  /** NLTK smoothing method. Default 1, the Texygen protocol. */
  smoothing?: SmoothingMethod;
}

export interface ResolvedBleuOptions {
  maxN: number;
  weights: readonly number[];
  smoothing: SmoothingMethod;
}

const DEFAULT_MAX_N = 4; // BLEU-4, NLTK's default weights (0.25, 0.25, 0.25, 0.25)
const DEFAULT_SMOOTHING: SmoothingMethod = 1; // what Texygen and TextGAN-PyTorch report
const OPTION_NAMES = ['maxN', 'weights', 'smoothing'];
const DEFAULT_ORDERS = [2, 3, 4, 5]; // BLEU-2..5, the orders text-GAN papers report

/** The weights 1/n for orders 1..n, as NLTK's BLEU-n (1./n,) * n. */
export function uniformWeights(order: number): number[] {
  return Array.from({ length: order }, () => 1 / order);
}

export function checkOrder(where: string, what: string, order: unknown): number {
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) throw new RangeError(`${where}: ${what} must be a positive integer, got ${String(order)}`);
  return order;
}

export function checkSmoothing(where: string, smoothing: unknown): SmoothingMethod {
  if (smoothing !== 0 && smoothing !== 1 && smoothing !== 2 && smoothing !== 3 && smoothing !== 4) {
    throw new RangeError(`${where}: smoothing must be one of 0, 1, 2, 3, 4 (NLTK method0-method4), got ${String(smoothing)}`);
  }
  return smoothing;
}

/** Fills in defaults and rejects unknown option names, a non-integer order, bad weights or an unknown smoothing method. */
export function resolveBleuOptions(where: string, options: BleuOptions | undefined): ResolvedBleuOptions {
  if (options === undefined) return { maxN: DEFAULT_MAX_N, weights: uniformWeights(DEFAULT_MAX_N), smoothing: DEFAULT_SMOOTHING };
  checkOptionNames(where, options, OPTION_NAMES);
  const smoothing = options.smoothing === undefined ? DEFAULT_SMOOTHING : checkSmoothing(where, options.smoothing);
  if (options.weights === undefined) {
    const maxN = options.maxN === undefined ? DEFAULT_MAX_N : checkOrder(where, 'maxN', options.maxN);
    return { maxN, weights: uniformWeights(maxN), smoothing };
  }
  const weights = options.weights;
  if (!Array.isArray(weights) || weights.length === 0) throw new TypeError(`${where}: weights must be a non-empty array of numbers, got ${String(weights)}`);
  for (const weight of weights) {
    if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new RangeError(`${where}: weights must be finite numbers, got ${String(weight)}`);
  }
  if (options.maxN !== undefined && checkOrder(where, 'maxN', options.maxN) !== weights.length) {
    throw new RangeError(`${where}: maxN must equal weights.length (${weights.length}), got ${options.maxN}`);
  }
  return { maxN: weights.length, weights: [...weights], smoothing };
}

/** Orders (default 2..5, each a positive integer, no repeats) and smoothing (default 1) of the by-order helpers. */
export function resolveOrderedOptions(where: string, options: OrderedBleuOptions): { orders: readonly number[]; smoothing: SmoothingMethod } {
  checkOptionNames(where, options, ['orders', 'smoothing']);
  const orders = options.orders ?? DEFAULT_ORDERS;
  if (!Array.isArray(orders) || orders.length === 0) throw new TypeError(`${where}: orders must be a non-empty array of positive integers, got ${String(orders)}`);
  orders.forEach((order) => checkOrder(where, 'each order', order));
  if (new Set(orders).size !== orders.length) throw new RangeError(`${where}: orders must not repeat, got [${orders.join(', ')}]`);
  return { orders, smoothing: options.smoothing === undefined ? DEFAULT_SMOOTHING : checkSmoothing(where, options.smoothing) };
}

/** An options argument is a plain object whose every key is a known option: a misspelt option is an error, never ignored. */
export function checkOptionNames(where: string, options: unknown, names: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  for (const name of Object.keys(options)) {
    if (!names.includes(name)) throw new TypeError(`${where}: option names must be one of ${names.join(', ')}, got '${name}'`);
  }
}

/** A sentence is an array of string tokens. */
export function checkSentence(where: string, what: string, sentence: unknown): readonly string[] {
  if (!Array.isArray(sentence)) throw new TypeError(`${where}: ${what} must be an array of string tokens, got ${describe(sentence)}`);
  for (let i = 0; i < sentence.length; i++) {
    if (typeof sentence[i] !== 'string') throw new TypeError(`${where}: ${what}[${i}] must be a string token, got ${describe(sentence[i])}`);
  }
  return sentence;
}

/** A list of sentences; `minimum` is how many it must hold at least. */
export function checkSentences(where: string, what: string, sentences: unknown, minimum: number): readonly (readonly string[])[] {
  if (!Array.isArray(sentences)) throw new TypeError(`${where}: ${what} must be an array of sentences, got ${describe(sentences)}`);
  if (sentences.length < minimum) throw new RangeError(`${where}: ${what} must hold at least ${minimum} sentence${minimum === 1 ? '' : 's'}, got ${sentences.length}`);
  sentences.forEach((sentence, i) => checkSentence(where, `${what}[${i}]`, sentence));
  return sentences;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return `the string '${value.length > 20 ? `${value.slice(0, 20)}...` : value}'`;
  return value === null ? 'null' : typeof value;
}
