// The fixed-point rule that turns a model's probabilities into the integer frequency table both coder sides compute identically.

/** Every table sums to 2^FREQUENCY_BITS. */
export const FREQUENCY_BITS = 24;
export const FREQUENCY_TOTAL = 2 ** FREQUENCY_BITS;

/** A frequency table over the vocabulary: freq (V) and cum (V + 1), cum[V] = FREQUENCY_TOTAL. */
export interface FrequencyTable {
  freq: Uint32Array;
  cum: Float64Array;
}

/**
 * The rule: freq_i = 1 + floor(p_i * (2^24 - V)), then whatever the floors left (or, if the probabilities summed above
 * 1, took too much) added to the first most probable symbol, so the table sums to exactly 2^24 and every symbol keeps
 * a frequency of at least 1. Only IEEE multiplication, floor and integer sums are used (no exp or log), so the same
 * float32 probabilities give the same table on every machine. `row` is probabilities[offset .. offset + V).
 */
export function frequencyTable(probabilities: Float32Array, offset: number, V: number, out?: FrequencyTable): FrequencyTable {
  if (!(V >= 1 && V <= FREQUENCY_TOTAL / 2)) throw new RangeError(`frequencyTable: V must be in [1, 2^${FREQUENCY_BITS - 1}], got ${V}`);
  const table = out ?? { freq: new Uint32Array(V), cum: new Float64Array(V + 1) };
  const { freq, cum } = table;
  const scale = FREQUENCY_TOTAL - V;
  let sum = 0;
  let best = 0;
  let bestP = -1;
  for (let i = 0; i < V; i++) {
    let p = probabilities[offset + i];
    if (!(p > 0)) p = 0; // NaN and negatives count as 0 (the canary refuses a model that outputs them)
    else if (p > 1) p = 1;
    const f = 1 + Math.floor(p * scale);
    freq[i] = f;
    sum += f;
    if (p > bestP) {
      bestP = p;
      best = i;
    }
  }
  const topFrequency = freq[best] + FREQUENCY_TOTAL - sum; // sum <= V + scale * sum(p); a deficit or small excess goes to the top symbol
  if (topFrequency < 1) throw new RangeError('frequencyTable: the probabilities sum far above 1');
  freq[best] = topFrequency;
  cum[0] = 0;
  for (let i = 0; i < V; i++) cum[i + 1] = cum[i] + freq[i];
  return table;
}

/** The symbol s with cum[s] <= target < cum[s + 1] (binary search). */
export function symbolAt(table: FrequencyTable, target: number): number {
  const { cum } = table;
  let lo = 0;
  let hi = cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid] <= target) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The cost in bits of coding `symbol` with the table: log2(total / freq). */
export function symbolBits(table: FrequencyTable, symbol: number): number {
  return FREQUENCY_BITS - Math.log2(table.freq[symbol]);
}
