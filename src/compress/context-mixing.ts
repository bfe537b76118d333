// An adaptive byte-context model (PPM-D blending over orders 0..K, counts learned as the text is coded) mixed linearly with the network's probabilities.
import type { SymbolPredictor } from './predictor.js';

/** One context's statistics: the symbols seen after it, their counts, and the total. */
interface ContextEntry {
  n: number;
  symbols: number[];
  counts: number[];
}

export interface MixingOptions {
  /** The highest context order (previous symbols), 0..6 (a coder without the context model passes null options instead). */
  maxOrder: number;
  /** Counts of a context are halved when its total exceeds this (recent text weighs more). */
  countLimit: number;
  /** Step size of the mixing weights' gradient ascent on log-likelihood. */
  rate: number;
}

export const MIXING_DEFAULTS: MixingOptions = { maxOrder: 5, countLimit: 1023, rate: 0.02 };

/** The mixing weights start with this share for the network. */
const INITIAL_NETWORK_WEIGHT = 0.5;
const MIN_WEIGHT = 0.005;

/**
 * The context model blends orders 0..K as PPM-D does, from uniform over the V symbols up: each order k whose context has
 * been seen gives P_k(s) = (c_k(s) - 1/2) / n_k for its seen symbols, plus (u_k / 2n_k) P_{k-1}(s) (u_k distinct symbols
 * seen, n_k their total count). Unrolled, P(s) = base + sum_k scale_k (c_k(s) - 1/2), with scale_k = (1 / n_k) times the
 * inheritance factors of the orders above k, and base = (the product of all inheritance factors) / V. `scales` gets
 * scale_k (0 for an unseen context); returns base.
 */
function blendScales(entries: readonly (ContextEntry | undefined)[], orders: number, V: number, scales: Float64Array): number {
  let inherited = 1;
  for (let k = orders - 1; k >= 0; k--) {
    const e = entries[k];
    if (e === undefined || e.n === 0) {
      scales[k] = 0;
      continue;
    }
    scales[k] = inherited / e.n;
    inherited *= e.symbols.length / (2 * e.n);
  }
  return inherited / V;
}

/** How many weight buckets each highest order has: its context's count in 4 ranges, times deterministic or not. */
const CONFIDENCE_CLASSES = 8;

/**
 * The mixing weight's bucket: the highest order whose context has been seen (none: bucket 0), refined by how sure that
 * context is (its total count in 1, 2-3, 4-15, 16+, and whether it has only ever seen one symbol).
 */
function weightBucket(entries: readonly (ContextEntry | undefined)[], scales: Float64Array, orders: number): number {
  for (let k = orders - 1; k >= 0; k--) {
    if (scales[k] === 0) continue;
    const e = entries[k] as ContextEntry;
    const countClass = e.n < 2 ? 0 : e.n < 4 ? 1 : e.n < 16 ? 2 : 3;
    return 1 + k * CONFIDENCE_CLASSES + countClass * 2 + (e.symbols.length === 1 ? 1 : 0);
  }
  return 0;
}

/** The context model's probability of one symbol, from the same entries and scales. */
function contextProbability(entries: readonly (ContextEntry | undefined)[], orders: number, scales: Float64Array, base: number, symbol: number): number {
  let p = base;
  for (let k = 0; k < orders; k++) {
    if (scales[k] === 0) continue;
    const e = entries[k] as ContextEntry;
    const i = e.symbols.indexOf(symbol);
    if (i !== -1) p += scales[k] * (e.counts[i] - 0.5);
  }
  return p;
}

/** Row `row` of out (lanes, V): w P_net + (1 - w) P_ctx, the context model in its unrolled form (see blendScales). */
function mixRow(out: Float32Array, net: Float32Array, row: number, V: number, w: number, base: number, entries: readonly (ContextEntry | undefined)[], orders: number, scales: Float64Array): void {
  const ctxBase = (1 - w) * base;
  for (let i = 0; i < V; i++) out[row + i] = w * net[row + i] + ctxBase;
  for (let k = 0; k < orders; k++) {
    if (scales[k] === 0) continue;
    const e = entries[k] as ContextEntry;
    const f = (1 - w) * scales[k];
    const { symbols, counts } = e;
    for (let i = 0; i < symbols.length; i++) out[row + symbols[i]] += f * (counts[i] - 0.5);
  }
}

function count(entry: ContextEntry, symbol: number, limit: number): void {
  const i = entry.symbols.indexOf(symbol);
  if (i === -1) {
    entry.symbols.push(symbol);
    entry.counts.push(1);
  } else entry.counts[i] += 1;
  entry.n += 1;
  if (entry.n > limit) {
    // halve, dropping symbols whose count falls to 0
    let n = 0;
    let w = 0;
    for (let r = 0; r < entry.symbols.length; r++) {
      const c = entry.counts[r] >> 1;
      if (c === 0) continue;
      entry.symbols[w] = entry.symbols[r];
      entry.counts[w] = c;
      n += c;
      w += 1;
    }
    entry.symbols.length = w;
    entry.counts.length = w;
    entry.n = n;
  }
}

/**
 * The network's predictor with the context model mixed in: P = w P_net + (1 - w) P_ctx, with one weight w per bucket
 * (weightBucket: the highest seen context order and how sure it is), each moved after every coded symbol along the
 * gradient of log P(symbol). The context statistics are shared by all lanes and updated in lane order; everything is
 * IEEE double arithmetic (no exp or log), so both sides compute the same probabilities. `idle` is the token a finished lane is fed (never a coded symbol).
 */
export function mixedPredictor(inner: SymbolPredictor, o: MixingOptions, idle: number): SymbolPredictor {
  const { lanes, vocabSize: V } = inner;
  const K = o.maxOrder;
  const tables: Map<number, ContextEntry>[] = Array.from({ length: K + 1 }, () => new Map());
  const history = Array.from({ length: lanes }, () => [] as number[]); // the last K symbols of each lane, newest last
  const weights = new Float64Array(1 + (K + 1) * CONFIDENCE_CLASSES).fill(INITIAL_NETWORK_WEIGHT); // by weightBucket
  const lastBucket = new Int32Array(lanes);
  const scales = new Float64Array(K + 1);
  const out = new Float32Array(lanes * V);
  let lastNet: Float32Array | null = null;
  const entries: (ContextEntry | undefined)[] = new Array(K + 1);
  /**
   * The context entries of a lane's history, orders 0..K, into `entries` (creating them when `create`); returns how many
   * orders the history is long enough for. Keys: a 32-bit multiplicative hash of the last k symbols (a collision only
   * merges two contexts' statistics, the same on both sides).
   */
  const chain = (h: readonly number[], create: boolean): number => {
    let key = 0;
    const orders = Math.min(K, h.length) + 1;
    for (let k = 0; k < orders; k++) {
      if (k > 0) key = (Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) + h[h.length - k] + 1) | 0;
      let e = tables[k].get(key);
      if (e === undefined && create) tables[k].set(key, (e = { n: 0, symbols: [], counts: [] }));
      entries[k] = e;
    }
    return orders;
  };

  /**
   * After `s` was coded in lane l: move its bucket's weight along d log P(s) / dw, then count s in each context. One
   * pass over the contexts serves both: entries it creates have n = 0, which the blend treats as unseen.
   */
  const learnSymbol = (l: number, s: number, net: Float32Array): void => {
    const h = history[l];
    const orders = chain(h, true);
    const base = blendScales(entries, orders, V, scales);
    const pc = contextProbability(entries, orders, scales, base, s);
    const pn = net[l * V + s];
    const b = lastBucket[l];
    const w = weights[b];
    const p = w * pn + (1 - w) * pc;
    if (p > 0) weights[b] = Math.min(1 - MIN_WEIGHT, Math.max(MIN_WEIGHT, w + (o.rate * (pn - pc)) / p));
    for (let k = 0; k < orders; k++) count(entries[k] as ContextEntry, s, o.countLimit);
    h.push(s);
    if (h.length > K) h.shift();
  };

  return {
    vocabSize: V,
    lanes,
    blockLength: inner.blockLength,
    learn: inner.learn?.bind(inner),
    async next(tokens) {
      const net = await inner.next(tokens);
      for (let l = 0; l < lanes; l++) {
        if (lastNet !== null && tokens[l] !== idle) learnSymbol(l, tokens[l], lastNet);
        const orders = chain(history[l], false);
        const base = blendScales(entries, orders, V, scales);
        const bucket = weightBucket(entries, scales, orders);
        lastBucket[l] = bucket;
        const w = weights[bucket];
        mixRow(out, net, l * V, V, w, base, entries, orders, scales);
      }
      lastNet = net;
      return out;
    },
  };
}
